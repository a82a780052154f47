//! QR codes for printed feedback cards, drawn as inline SVG (one path, no styles or
//! scripts, so the page's content security policy needs nothing extra).

use qrcodegen::{QrCode, QrCodeEcc};

/// An SVG QR code for `text` (a feedback link), with `label` as its accessible name.
/// Medium error correction survives a crease or a smudge on a posted card.
pub fn svg(text: &str, label: &str) -> String {
    let Ok(qr) = QrCode::encode_text(text, QrCodeEcc::Medium) else {
        return String::new();
    };
    let border = 4;
    let size = qr.size() + border * 2;
    let mut path = String::new();
    for y in 0..qr.size() {
        for x in 0..qr.size() {
            if qr.get_module(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x + border, y + border));
            }
        }
    }
    let label = label
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('"', "&quot;");
    format!(
        r##"<svg class="mhsw-qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="160" height="160" role="img" aria-label="{label}" shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#ffffff"/><path d="{path}" fill="#000000"/></svg>"##
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_a_square_code_with_its_label() {
        let s = svg("https://mhsw.example/f/0123456789", "QR code <link>");
        assert!(s.starts_with("<svg"));
        assert!(s.contains("aria-label=\"QR code &lt;link>\""));
        assert!(s.matches('M').count() > 100, "modules drawn");
    }
}
