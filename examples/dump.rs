fn main() {
    for p in std::env::args().skip(1) {
        let bytes = std::fs::read(&p).unwrap();
        let d = folio::document::parse(&p, bytes).unwrap();
        println!(
            "== {p}\ntitle: {}\nsource: {:?}\nlang: {:?} words {} fmt {:?} blocks {}",
            d.title,
            d.source,
            d.language,
            d.word_count,
            d.format,
            d.blocks.len()
        );
        for b in d.blocks.iter().take(40) {
            let t = &d.text[b.range.clone()];
            let t: String = t.chars().take(70).collect();
            println!(
                "  {:?} {} {:?}",
                b.kind,
                if b.gap_before { "_" } else { " " },
                t
            );
        }
    }
}
