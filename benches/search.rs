//! Search benchmarks: folding throughput and finding in 100 MB.
//!
//! `cargo bench --bench search`. Throughput is reported by divan in bytes
//! of *original* text per second.

use std::hint::black_box;
use std::sync::LazyLock;

use divan::{Bencher, counter::BytesCount};
use folio::search::{self, Fold, Matcher, Query, Rules};

fn main() {
    divan::main();
}

fn corpus(name: &str) -> String {
    let dir = std::env::var_os("FOLIO_CORPUS")
        .map_or_else(|| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"), Into::into);
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

static MOBY: LazyLock<String> = LazyLock::new(|| corpus("moby-dick.txt"));
/// Moby Dick 80 times, then one word that occurs nowhere else.
static BIG: LazyLock<String> = LazyLock::new(|| MOBY.repeat(80) + "\nzanzibarquux\n");
static BIG_FOLDED: LazyLock<search::Folded> = LazyLock::new(|| search::fold(&BIG, Fold { case: true, accents: true }));

#[divan::bench(args = [(true, true), (false, false)], sample_count = 10, sample_size = 1)]
fn fold_100mb(bencher: Bencher<'_, '_>, (case, accents): (bool, bool)) {
    let text = &*BIG;
    bencher
        .counter(BytesCount::of_str(text))
        .bench(|| search::fold(black_box(text), Fold { case, accents }).bytes.len());
}

#[divan::bench]
fn fold_moby_dick(bencher: Bencher<'_, '_>) {
    let text = &*MOBY;
    bencher
        .counter(BytesCount::of_str(text))
        .bench(|| search::fold(black_box(text), Fold { case: true, accents: true }).bytes.len());
}

/// A word found only at the very end, in an already folded 100 MB text.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn find_rare_word_100mb(bencher: Bencher<'_, '_>) {
    let folded = &*BIG_FOLDED;
    let matcher = Matcher::new(&Query::literal("zanzibarquux"), Rules::default()).unwrap_or_else(|e| panic!("{e}"));
    bencher.bench(|| matcher.find_all(&BIG, folded, &|| false).map(|m| m.len()));
}

/// Every "whale" in 100 MB (about 100 000 matches), counted.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn count_common_word_100mb(bencher: Bencher<'_, '_>) {
    let folded = &*BIG_FOLDED;
    let matcher = Matcher::new(&Query::literal("whale"), Rules::default()).unwrap_or_else(|e| panic!("{e}"));
    bencher.bench(|| matcher.find_all(&BIG, folded, &|| false).map(|m| m.len()));
}

/// A pattern over 100 MB.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn regex_100mb(bencher: Bencher<'_, '_>) {
    let folded = search::fold(&BIG, Fold { case: false, accents: true });
    let matcher = Matcher::new(&Query { text: r"chapter \d+".to_owned(), regex: true }, Rules::default())
        .unwrap_or_else(|e| panic!("{e}"));
    bencher.bench(|| matcher.find_all(&BIG, &folded, &|| false).map(|m| m.len()));
}

/// The search a user makes: nothing folded beforehand, only the pieces
/// that may hold the query are folded (see `search::stream`). Queries: a
/// word found only at the very end, every "whale", a word with an accent
/// (case kept), and a dash, which has no letter to look for first, so
/// every piece is folded. Two sizes, to show cost grows linearly.
#[divan::bench(
    args = ["zanzibarquux", "whale", "Queequeg’s", "-"],
    consts = [10, 100],
    sample_count = 10,
    sample_size = 1
)]
fn find_in_text<const MB: usize>(bencher: Bencher<'_, '_>, query: &str) {
    let text = &BIG[BIG.floor_char_boundary(BIG.len() - BIG.len() * MB / 100)..];
    let matcher = Matcher::new(&Query::literal(query), Rules::default()).unwrap_or_else(|e| panic!("{e}"));
    bencher.counter(BytesCount::of_str(text)).bench(|| matcher.find_in(black_box(text), &|| false).map(|m| m.len()));
}

/// The library index of a folder: the one `scripts/bench.sh` built when
/// `FOLIO_BENCH_LIBRARY` (the folder) and `FOLIO_BENCH_CACHE` (its cache
/// directory) are set, else one built here over the RFCs (648 documents).
static INDEX: LazyLock<(tempfile::TempDir, folio::library::index::LibraryIndex)> = LazyLock::new(|| {
    let temp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (root, cache) = match (std::env::var_os("FOLIO_BENCH_LIBRARY"), std::env::var_os("FOLIO_BENCH_CACHE")) {
        (Some(root), Some(cache)) => (std::path::PathBuf::from(root), std::path::PathBuf::from(cache)),
        _ => {
            let dir = std::env::var_os("FOLIO_CORPUS").map_or_else(
                || std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
                Into::into,
            );
            (dir.join("rfcs"), temp.path().to_path_buf())
        }
    };
    let (index, _) = folio::library::index::LibraryIndex::open(&cache, std::slice::from_ref(&root))
        .unwrap_or_else(|e| panic!("{e}"));
    if index.is_empty() {
        let (files, _) = folio::library::find_files(&[root]);
        let stamped: Vec<_> = files
            .into_iter()
            .filter_map(|(p, _)| {
                let stamp = folio::library::meta::stamp(&std::fs::metadata(&p).ok()?)?;
                Some((std::path::absolute(p).ok()?, stamp))
            })
            .collect();
        index.update(&stamped, &|_, _| true).unwrap_or_else(|e| panic!("{e}"));
    }
    (temp, index)
});

/// Asking the library index which documents may hold a query, ranked: a
/// common word, a phrase, a word found nowhere, a piece inside words.
#[divan::bench(args = ["unsafe", "borrow checker", "xylophone", "hale"], sample_count = 20, sample_size = 1)]
fn index_query(bencher: Bencher<'_, '_>, query: &str) {
    let (_, index) = &*INDEX;
    bencher.bench(|| index.search(black_box(query), 1_000_000).map(|r| r.map(|v| v.len())));
}
