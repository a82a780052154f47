use super::*;

#[test]
fn routes_are_unique() {
    for (i, a) in RULES.iter().enumerate() {
        for b in &RULES[i + 1..] {
            assert!(
                !(a.method == b.method && a.path == b.path),
                "{} {} twice",
                a.method,
                a.path
            );
        }
    }
}

/// A JSON route names its OpenAPI operation, and the operation is documented at the
/// route's own method and path: the document cannot describe a route that is not served
/// there, or miss one that is.
#[test]
fn every_json_route_names_its_operation_at_its_own_method_and_path() {
    let mut documented = 0;
    for r in routes() {
        let Some(doc) = r.doc else {
            assert!(
                !r.path.starts_with("/api/v1/"),
                "{} {} has no OpenAPI operation",
                r.method,
                r.path
            );
            continue;
        };
        let methods: Vec<String> = (doc.method)()
            .iter()
            .map(|m| {
                serde_json::to_value(m)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_uppercase()
            })
            .collect();
        assert_eq!(methods, [r.method], "{} {}", r.method, r.path);
        assert_eq!((doc.path)(), r.path, "{} {}", r.method, r.path);
        documented += 1;
    }
    assert!(documented > 100, "{documented}");
}
