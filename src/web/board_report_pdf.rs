//! The board report as a tagged PDF (PDF/UA-1): real text in an embedded font (DejaVu
//! Sans, `data/fonts/`, Bitstream Vera licence), a structure tree of headings, paragraphs
//! and tables with header cells, a title, a language and bookmarks, so that a screen
//! reader reads it as the page reads. krilla validates PDF/UA-1 as it writes: a document
//! that breaks the rules is an error, not a file.
//!
//! Two passes: `lay_out` places every block of text on pages (wrapping by the font's own
//! advances, a table row never split across pages, its header row repeated as a page
//! artifact), then `render` draws each page once and builds the tree from the blocks.

use crate::domain::dates::long;
use crate::service::board_report::BoardReport;
use krilla::configure::{Accessibility, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, SpanTag, TableHeaderScope, Tag, TagGroup,
    TagKind, TagTree,
};
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Document, SerializeSettings};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};
use std::num::NonZeroU16;

static REGULAR: &[u8] = include_bytes!("../../data/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../data/fonts/DejaVuSans-Bold.ttf");

const A4: (f32, f32) = (595.28, 841.89);
const MARGIN: f32 = 48.0;
const WIDTH: f32 = A4.0 - 2.0 * MARGIN;
const BODY: f32 = 9.5;
const PAD: f32 = 4.0;

/// A font to draw with and the same bytes read by skrifa to measure with.
struct Face {
    pdf: Font,
    metrics: skrifa::FontRef<'static>,
    units: f32,
}

impl Face {
    fn new(bytes: &'static [u8]) -> anyhow::Result<Face> {
        let metrics = skrifa::FontRef::new(bytes)?;
        let units = metrics
            .metrics(Size::unscaled(), LocationRef::default())
            .units_per_em as f32;
        let pdf = Font::new(bytes.into(), 0).ok_or_else(|| anyhow::anyhow!("font"))?;
        Ok(Face {
            pdf,
            metrics,
            units,
        })
    }

    /// One glyph per character (Latin text; no kerning), advances in em units.
    fn glyphs(&self, text: &str) -> Vec<KrillaGlyph> {
        let map = self.metrics.charmap();
        let widths = self
            .metrics
            .glyph_metrics(Size::unscaled(), LocationRef::default());
        text.char_indices()
            .map(|(i, c)| {
                let g = map.map(c).unwrap_or_default();
                let advance = widths.advance_width(g).unwrap_or(0.0) / self.units;
                KrillaGlyph::new(
                    GlyphId::new(g.to_u32()),
                    advance,
                    0.0,
                    0.0,
                    0.0,
                    i..i + c.len_utf8(),
                    None,
                )
            })
            .collect()
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        self.glyphs(text).iter().map(|g| g.x_advance).sum::<f32>() * size
    }

    /// Greedy wrapping by words; each line but the last keeps its trailing space, so that
    /// words stay apart when the text is read back.
    fn wrap(&self, text: &str, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let longer = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if !line.is_empty() && self.width(&longer, size) > width {
                lines.push(format!("{line} "));
                line = word.to_string();
            } else {
                line = longer;
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }
}

/// A block of text on one page: its lines' baselines, size and weight.
struct Block {
    page: usize,
    x: f32,
    lines: Vec<(f32, String)>,
    size: f32,
    bold: bool,
    /// A repeated table header: drawn as a page artifact, outside the structure tree.
    artifact: bool,
}

/// What the structure tree is made of, naming blocks by index.
enum Element {
    Heading {
        level: u16,
        title: String,
        block: usize,
    },
    Paragraph(usize),
    Table {
        head: Vec<usize>,
        rows: Vec<Vec<usize>>,
    },
}

struct Layout<'a> {
    regular: &'a Face,
    bold: &'a Face,
    blocks: Vec<Block>,
    rules: Vec<(usize, f32, f32, f32)>,
    elements: Vec<Element>,
    page: usize,
    y: f32,
}

impl<'a> Layout<'a> {
    fn face(&self, bold: bool) -> &'a Face {
        if bold { self.bold } else { self.regular }
    }

    fn new_page(&mut self) {
        self.page += 1;
        self.y = MARGIN;
    }

    fn room(&mut self, height: f32) {
        if self.y + height > A4.1 - MARGIN {
            self.new_page();
        }
    }

    /// Places text at `x` in `width` from `top` on the current page; returns its block and
    /// its height.
    fn place(
        &mut self,
        text: &str,
        x: f32,
        top: f32,
        width: f32,
        size: f32,
        bold: bool,
    ) -> (Block, f32) {
        let lead = size * 1.3;
        let lines: Vec<(f32, String)> = self
            .face(bold)
            .wrap(text, size, width)
            .into_iter()
            .enumerate()
            .map(|(i, l)| (top + lead * (i as f32 + 1.0) - size * 0.25, l))
            .collect();
        let height = lead * lines.len() as f32;
        (
            Block {
                page: self.page,
                x,
                lines,
                size,
                bold,
                artifact: false,
            },
            height,
        )
    }

    fn push(&mut self, b: Block) -> usize {
        self.blocks.push(b);
        self.blocks.len() - 1
    }

    /// The height `text` takes wrapped in `width`.
    fn height(&self, text: &str, width: f32, size: f32, bold: bool) -> f32 {
        self.face(bold).wrap(text, size, width).len() as f32 * size * 1.3
    }

    fn heading(&mut self, level: u16, title: &str) {
        let size = if level == 1 { 17.0 } else { 12.5 };
        // Keep a heading with at least a few lines of what follows it.
        self.room(self.height(title, WIDTH, size, true) + 60.0);
        let (b, h) = self.place(title, MARGIN, self.y + 6.0, WIDTH, size, true);
        let block = self.push(b);
        self.y += h + 10.0;
        self.elements.push(Element::Heading {
            level,
            title: title.into(),
            block,
        });
    }

    fn paragraph(&mut self, text: &str, size: f32) {
        self.room(self.height(text, WIDTH, size, false));
        let (b, h) = self.place(text, MARGIN, self.y, WIDTH, size, false);
        let block = self.push(b);
        self.y += h + 6.0;
        self.elements.push(Element::Paragraph(block));
    }

    /// A table: `widths` are shares of the page's width; the first column of each row is
    /// a row header.
    fn table(&mut self, head: &[&str], rows: &[Vec<String>], widths: &[f32]) {
        let xs: Vec<f32> = widths
            .iter()
            .scan(MARGIN, |x, w| {
                let at = *x;
                *x += w * WIDTH;
                Some(at)
            })
            .collect();
        let row_height = |l: &Layout, cells: &[String], bold: bool| {
            cells
                .iter()
                .zip(widths)
                .map(|(c, w)| l.face(bold).wrap(c, BODY, w * WIDTH - 2.0 * PAD).len())
                .max()
                .unwrap_or(1) as f32
                * BODY
                * 1.3
                + 2.0 * PAD
        };
        let head_cells: Vec<String> = head.iter().map(|s| s.to_string()).collect();
        let head_h = row_height(self, &head_cells, true);
        let draw_row =
            |l: &mut Layout, cells: &[String], bold: bool, artifact: bool| -> Vec<usize> {
                let h = row_height(l, cells, bold);
                let top = l.y;
                let ids = cells
                    .iter()
                    .zip(&xs)
                    .zip(widths)
                    .map(|((c, x), w)| {
                        let (mut b, _) =
                            l.place(c, x + PAD, top + PAD, w * WIDTH - 2.0 * PAD, BODY, bold);
                        b.artifact = artifact;
                        l.push(b)
                    })
                    .collect();
                l.rules.push((l.page, MARGIN, MARGIN + WIDTH, top + h));
                l.y += h;
                ids
            };
        self.room(head_h * 2.0);
        let head_ids = draw_row(self, &head_cells, true, false);
        let mut body = Vec::new();
        for r in rows {
            let h = row_height(self, r, false);
            if self.y + h > A4.1 - MARGIN {
                self.new_page();
                draw_row(self, &head_cells, true, true);
            }
            body.push(draw_row(self, r, false, false));
        }
        self.y += 10.0;
        self.elements.push(Element::Table {
            head: head_ids,
            rows: body,
        });
    }
}

fn lay_out<'a>(r: &BoardReport, regular: &'a Face, bold: &'a Face) -> Layout<'a> {
    let mut l = Layout {
        regular,
        bold,
        blocks: Vec::new(),
        rules: Vec::new(),
        elements: Vec::new(),
        page: 0,
        y: MARGIN,
    };
    l.heading(1, &format!("Board report: {}", r.organisation));
    l.paragraph(
        &format!(
            "The eight organisational considerations for supporting mental health social workers, {} to {}, with {} to {} beside it. Generated on {}.",
            long(r.period.from),
            long(r.period.to),
            long(r.previous.from),
            long(r.previous.to),
            long(r.generated_on)
        ),
        BODY + 1.0,
    );
    let rated = match &r.assessment {
        Some(a) => format!("Ratings are the mean of each consideration's criteria (1 to 4) in the self-assessment {a}."),
        None => "No self-assessment on the eight considerations has been signed off yet, so no consideration is rated.".into(),
    };
    l.paragraph(
        &format!("{} {rated} A figure known only as things stand today is not repeated for the period before.", r.disclosure_note),
        BODY,
    );
    for s in &r.sections {
        l.heading(2, &format!("{}. {}", s.code, s.title));
        let rating =
            |v: Option<f64>| v.map_or("not rated".to_string(), |v| format!("{v:.1} out of 4"));
        l.paragraph(
            &format!(
                "Self-assessment rating: {} (the period before: {}).",
                rating(s.rating),
                rating(s.rating_before)
            ),
            BODY,
        );
        if let Some(n) = &s.not_recorded {
            l.paragraph(n, BODY);
        }
        let rows: Vec<Vec<String>> = s
            .lines
            .iter()
            .map(|line| {
                vec![
                    line.label.clone(),
                    line.now.text.clone(),
                    line.before
                        .as_ref()
                        .map_or("Not kept over time".to_string(), |b| b.text.clone()),
                ]
            })
            .collect();
        l.table(
            &["Measure", "This period", "The period before"],
            &rows,
            &[0.5, 0.25, 0.25],
        );
    }
    l.heading(2, "By employer");
    l.paragraph(
        "Registration and CPD readiness are as recorded today; supervision is over the period.",
        BODY,
    );
    let rows: Vec<Vec<String>> = r
        .by_employer
        .iter()
        .map(|e| {
            vec![
                e.employer.clone(),
                e.in_post.to_string(),
                e.registration_current.text.clone(),
                e.cpd_ready.text.clone(),
                e.compliance.text.clone(),
                e.overdue.to_string(),
                e.compliance_before
                    .as_ref()
                    .map_or("None then".to_string(), |f| f.text.clone()),
            ]
        })
        .collect();
    l.table(
        &[
            "Employer",
            "In post today",
            "Registration current",
            "CPD ready",
            "Supervision in date",
            "Overdue on the last day",
            "In date, the period before",
        ],
        &rows,
        &[0.22, 0.1, 0.14, 0.14, 0.13, 0.13, 0.14],
    );
    l
}

/// The report as PDF bytes.
pub fn pdf(report: &BoardReport) -> anyhow::Result<Vec<u8>> {
    let regular = Face::new(REGULAR)?;
    let bold = Face::new(BOLD)?;
    let layout = lay_out(report, &regular, &bold);
    let configuration = ConfigurationBuilder::new()
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .map_err(|e| anyhow::anyhow!("PDF configuration: {e:?}"))?;
    let mut doc = Document::new_with(SerializeSettings {
        configuration,
        enable_tagging: true,
        ..Default::default()
    });
    let title = format!("Board report: {}", report.organisation);
    doc.set_metadata(
        Metadata::new()
            .title(title)
            .language("en-GB".to_string())
            .creator("mhsw".to_string()),
    );
    let mut ids: Vec<Option<Identifier>> = vec![None; layout.blocks.len()];
    let pages = layout.page + 1;
    for page_no in 0..pages {
        let settings =
            PageSettings::from_wh(A4.0, A4.1).ok_or_else(|| anyhow::anyhow!("page size"))?;
        let mut page = doc.start_page_with(settings);
        let mut s = page.surface();
        for (i, b) in layout
            .blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| b.page == page_no)
        {
            let face = if b.bold { &bold } else { &regular };
            let tag = if b.artifact {
                ContentTag::Artifact(Artifact::with_kind(ArtifactType::PaginationOther))
            } else {
                ContentTag::Span(SpanTag::empty())
            };
            let id = s.start_tagged(tag);
            for (y, text) in &b.lines {
                let glyphs = face.glyphs(text);
                s.draw_glyphs(
                    Point::from_xy(b.x, *y),
                    &glyphs,
                    face.pdf.clone(),
                    text,
                    b.size,
                    false,
                );
            }
            s.end_tagged();
            if !b.artifact {
                ids[i] = Some(id);
            }
        }
        s.start_tagged(ContentTag::Artifact(Artifact::with_kind(
            ArtifactType::Layout,
        )));
        s.set_stroke(Some(Stroke {
            width: 0.5,
            ..Default::default()
        }));
        let mut path = PathBuilder::new();
        let mut any = false;
        for (p, x1, x2, y) in &layout.rules {
            if *p == page_no {
                path.move_to(*x1, *y);
                path.line_to(*x2, *y);
                any = true;
            }
        }
        if any && let Some(p) = path.finish() {
            s.draw_path(&p);
        }
        s.set_stroke(None);
        s.end_tagged();
        s.finish();
        page.finish();
    }
    let id = |i: usize| -> anyhow::Result<Identifier> {
        ids[i].ok_or_else(|| anyhow::anyhow!("block {i} was not drawn"))
    };
    let mut tree = TagTree::new();
    let mut outline = Outline::new();
    for e in &layout.elements {
        match e {
            Element::Heading {
                level,
                title,
                block,
            } => {
                let n = NonZeroU16::new(*level).ok_or_else(|| anyhow::anyhow!("level"))?;
                tree.push(TagGroup::with_children(
                    Tag::Hn(n, Some(title.clone())),
                    vec![id(*block)?.into()],
                ));
                let b = &layout.blocks[*block];
                outline.push_child(OutlineNode::new(
                    title.clone(),
                    XyzDestination::new(b.page, Point::from_xy(MARGIN, b.lines[0].0 - b.size)),
                ));
            }
            Element::Paragraph(block) => {
                tree.push(TagGroup::with_children(Tag::P, vec![id(*block)?.into()]));
            }
            Element::Table { head, rows } => {
                let mut table = TagGroup::new(Tag::Table);
                let mut thead = TagGroup::new(Tag::THead);
                let mut tr = TagGroup::new(Tag::TR);
                for h in head {
                    let kind: TagKind = Tag::TH(TableHeaderScope::Column).into();
                    tr.push(TagGroup::with_children(kind, vec![id(*h)?.into()]));
                }
                thead.push(tr);
                table.push(thead);
                let mut tbody = TagGroup::new(Tag::TBody);
                for row in rows {
                    let mut tr = TagGroup::new(Tag::TR);
                    for (c, cell) in row.iter().enumerate() {
                        let kind: TagKind = if c == 0 {
                            Tag::TH(TableHeaderScope::Row).into()
                        } else {
                            Tag::TD.into()
                        };
                        tr.push(TagGroup::with_children(kind, vec![id(*cell)?.into()]));
                    }
                    tbody.push(tr);
                }
                table.push(tbody);
                tree.push(table);
            }
        }
    }
    doc.set_tag_tree(tree);
    doc.set_outline(outline);
    doc.finish()
        .map_err(|e| anyhow::anyhow!("PDF export failed: {e:?}"))
}
