"""Generic heuristics on small pages built to show one behaviour each."""

from pathlib import Path

import pytest

from cleaner.api import Extractor, RawDoc

RULES = Path(__file__).resolve().parent.parent / "rules"
PROSE = ("The committee met on Tuesday to discuss the proposal, which had been debated for "
         "months, and its members agreed, after a long exchange, to publish the findings. ")


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor.load(RULES, use_rules=False)


def run(extractor: Extractor, body: str, head: str = "<title>T</title>") -> str:
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    return extractor.run(RawDoc("t.html", html.encode("utf-8")))["text"]


def article(paragraphs: int = 5, extra: str = "") -> str:
    ps = "".join(f"<p>{i} {PROSE}</p>" for i in range(paragraphs))
    return f"<article><h1>Headline here</h1><div class='article-body'>{ps}{extra}</div></article>"


def test_navigation_footer_and_sidebar_go(extractor: Extractor) -> None:
    text = run(extractor, "<nav><a href='/'>Home</a> <a href='/w'>World</a></nav>"
                          "<header class='site-header'><a href='/'>Logo</a></header>"
                          + article() +
                          "<aside><p>Most read: something else entirely here</p></aside>"
                          "<footer><p>Copyright 2023 Example Media, all rights reserved.</p></footer>")
    assert "0 The committee" in text and "4 The committee" in text
    for junk in ("Home", "World", "Most read", "Copyright"):
        assert junk not in text


def test_cookie_banner_never_chosen_even_when_longer(extractor: Extractor) -> None:
    banner = "<div class='cookie-consent'>" + "<p>We use cookies, and partners, to personalise content, ads, and analytics, as described.</p>" * 12 + "</div>"
    text = run(extractor, banner + article(3))
    assert "cookies" not in text
    assert "0 The committee" in text


def test_share_newsletter_related_and_captions_go(extractor: Extractor) -> None:
    extra = ("<div class='share-buttons'><a>Facebook</a><a>Twitter</a></div>"
             "<figure><img src='x.jpg'><figcaption>A caption. Photo: Jane Roe/AFP</figcaption></figure>"
             "<div class='newsletter-box'><p>Sign up for our daily briefing, delivered every morning to you.</p></div>"
             "<p>Advertisement</p><p>5 min read</p>"
             "<div class='related-articles'><h3><a href='/a'>Another story</a></h3><p>Teaser text</p></div>")
    text = run(extractor, article(4, extra))
    for junk in ("Facebook", "caption", "Sign up", "Advertisement", "5 min read", "Another story"):
        assert junk not in text


def test_subheadings_lists_quotes_and_short_paragraphs_stay(extractor: Extractor) -> None:
    extra = ("<h2>What happened next</h2><p>Short one.</p><ul><li>first point</li><li>second point</li></ul>"
             "<blockquote><p>“A quote that belongs to the story,” she said.</p></blockquote>"
             f"<p><a href='/x'>{PROSE}</a></p><p>{PROSE}</p>")
    text = run(extractor, article(3, extra))
    for kept in ("What happened next", "Short one.", "first point\nsecond point",
                 "A quote that belongs", "0 The committee"):
        assert kept in text
    assert "Headline here" not in text  # the headline is metadata, not text


def test_article_split_across_sibling_containers(extractor: Extractor) -> None:
    lead = "<div class='lead'><p>The lead paragraph explains, in one sentence, what happened and why it matters today.</p></div>"
    part1 = "<div class='section'>" + "".join(f"<p>A{i} {PROSE}</p>" for i in range(4)) + "</div>"
    part2 = "<div class='section'>" + "".join(f"<p>B{i} {PROSE}</p>" for i in range(4)) + "</div>"
    text = run(extractor, f"<main><div class='story'>{lead}{part1}{part2}</div></main>"
                          "<div class='sidebar'><ul><li><a>x</a></li></ul></div>")
    assert "The lead paragraph" in text and "A0 The" in text and "B3 The" in text


def test_wrapper_with_boilerplate_word_is_kept(extractor: Extractor) -> None:
    text = run(extractor, f"<div class='main has-sidebar'>{article(4)}</div>")
    assert "3 The committee" in text


def test_wordpress_taxonomy_classes_do_not_remove_the_post(extractor: Extractor) -> None:
    body = (f"<article class='post type-post category-news tag-politics'>{article(4)}</article>"
            "<div id='comments' class='comments-area'>" + f"<p>Great post! {PROSE}</p>" * 10 + "</div>")
    text = run(extractor, body)
    assert "0 The committee" in text and "Great post" not in text


def test_hidden_content_is_not_text(extractor: Extractor) -> None:
    text = run(extractor, article(4, "<p style='display: none'>hidden words</p><div hidden>"
                                     "more hidden</div><p style='VISIBILITY : Hidden'>caps hidden"
                                     "</p><span aria-hidden='true'>icon hidden</span>"
                                     "<p style='border: none'>Shown with a plain border.</p>"
                                     "<p aria-hidden='false'>Shown, not hidden from readers.</p>"))
    assert "hidden words" not in text and "more hidden" not in text
    assert "caps hidden" not in text and "icon hidden" not in text
    assert "Shown with a plain border." in text and "Shown, not hidden from readers." in text


def test_dateline_goes_but_a_table_of_dates_stays(extractor: Extractor) -> None:
    table = ("<table><tr><td>Paris</td><td>3 March 2021</td></tr>"
             "<tr><td>Berlin</td><td>4 March 2021</td></tr></table>")
    text = run(extractor, article(extra=table).replace(
        "<div class='article-body'>", "<div class='article-body'><p>By Jane Smith | "
        "March 3, 2021 10:14 AM</p>"))
    assert "Jane Smith" not in text
    assert "Paris | 3 March 2021\nBerlin | 4 March 2021" in text


def test_a_huge_list_of_linked_names_never_outscores_the_story(extractor: Extractor) -> None:
    names = ", ".join(f"<a href='/users/u{i}'>user_{i}</a>" for i in range(3000))
    page = (article(8) + f"<div id='kudos'><p class='kudos'>{names} and 10 more users "
            "left kudos on this work!</p></div>")
    text = run(extractor, page)
    assert PROSE.strip() in text and "user_17" not in text


def test_long_prose_named_like_a_share_bar_is_a_section(extractor: Extractor) -> None:
    section = "".join(f"<p>{i} {PROSE}</p>" for i in range(20))
    page = ("<article><h1>Guide</h1><div class='content'><div class='section' id='intro'>"
            + section + "</div><div class='section' id='sharing-with-a-single-developer'>"
            "<h2>Sharing with a single developer</h2>" + section.replace("committee", "team")
            + "</div><div class='share'><a href='/s'>Share</a> <a href='/t'>Tweet</a></div>"
            "</div></article>")
    text = run(extractor, page)
    assert "The team met" in text and "Sharing with a single developer" in text
    assert "Tweet" not in text


def test_long_comments_named_social_still_go(extractor: Extractor) -> None:
    comments = "".join(f"<p>Reader {i}: {PROSE}</p>" for i in range(12))  # 2,300 chars
    text = run(extractor, article(30, f"<div class='pane-social-comments'>{comments}</div>"))
    assert "Reader 3" not in text


def test_a_data_table_is_part_of_the_article_not_all_of_it(extractor: Extractor) -> None:
    rows = "".join(f"<tr><td>{1990 + i}</td><td>Film number {i}, a drama, with many "
                   f"people in it, and more</td><td>Role {i}, lead</td></tr>" for i in range(100))
    later = "".join(f"<p>Later {i}: {PROSE}</p>" for i in range(4))
    page = ("<div class='page'><h1>A Person</h1><h2>Filmography</h2><table><caption>Films"
            f"</caption><tbody>{rows}</tbody></table><h2>Personal life</h2>{later}</div>")
    text = run(extractor, page)
    assert "Film number 42" in text and "Later 2: The committee met" in text


def test_an_article_split_across_wrapped_containers_is_seen_whole(extractor: Extractor) -> None:
    first = "".join(f"<p>First part {i}: {PROSE}</p>" for i in range(2))
    second = "".join(f"<p>{i} {PROSE}</p>" for i in range(8))
    teasers = "".join(f"<div class='teaser'><a href='/n{i}'>Other story {i}</a></div>"
                      for i in range(5))
    page = (f"<div class='layout'><article id='story'><div class='supplemental'><div "
            f"class='story-body-1'>{first}</div></div><div class='supplemental'><div "
            f"class='story-body-2'>{second}</div><span class='marker'></span></div></article>"
            f"<div class='more'>{teasers}"
            "</div></div>")
    text = run(extractor, page)
    assert "First part 1" in text and "7 The committee" in text and "Other story" not in text


def test_inline_words_with_boilerplate_classes_stay_in_their_sentence(extractor: Extractor) -> None:
    sentence = ("<p>The council met on <span class='date'>Monday</span> and the mayor, "
                "<a class='popup' href='#n1'>rather elderly</a>, spoke for an hour about "
                "the budget<span class='sr-only'> (opens a new window)</span>.</p>")
    text = run(extractor, article(5, sentence))
    assert "met on Monday and the mayor, rather elderly, spoke" in text
    assert "opens a new window" not in text


def test_a_bio_named_after_the_body_goes_but_the_body_stays(extractor: Extractor) -> None:
    bio = ("<div class='post-body-bio'>Jane Roe covers the city council. She previously "
           "covered courts for another paper, and before that wrote about schools.</div>")
    text = run(extractor, article(6, bio).replace(
        "class='article-body'", "class='entry-content entry-content-read-more'"))
    assert "5 The committee met" in text and "covers the city council" not in text


@pytest.mark.parametrize("page", [
    "<html><body><div>top</div></body><article>{body}</article></html>",
    "<html><head></html><title>t</title></head><body><article>{body}</article></body></html>",
    "<html><body><article>{body}</body></html><p>Closing words after the end tags.</p>",
])
def test_stray_end_tags_lose_nothing(extractor: Extractor, page: str) -> None:
    """Browsers ignore a misplaced </body> or </html>; libxml2 would drop what follows."""
    body = "".join(f"<p>{i} {PROSE}</p>" for i in range(3))
    record = extractor.run(RawDoc("t.html", page.format(body=body).encode("utf-8")))
    assert "2 The committee met" in record["text"]
    if "Closing words" in page:
        assert "Closing words after the end tags." in record["text"]


def test_a_sentence_wrapped_in_a_link_stays_but_a_linked_headline_goes(extractor: Extractor) -> None:
    extra = ("<p><a href='/x'>The mayor signed the budget into law on Wednesday morning at "
             "city hall, aides said.</a></p><p><a href='/y'>Who will make the Rock Hall in "
             "2020?</a></p>")
    text = run(extractor, article(5, extra))
    assert "The mayor signed the budget into law" in text and "Rock Hall" not in text


def test_a_section_page_of_wrapped_teasers_is_not_an_article(extractor: Extractor) -> None:
    items = "".join(f"<li><a href='/story-{i}'><h2>Headline number {i} of the day</h2></a>"
                    f"<p>Residents gathered on Tuesday to discuss the plan, which officials "
                    f"said would be decided next month, number {i}.</p></li>" for i in range(20))
    html = f"<html><head><title>News</title></head><body><main><ul>{items}</ul></main></body></html>"
    result = extractor.explain(RawDoc("section.html", html.encode("utf-8")))
    assert result.record is None and result.reason == "index-page"


@pytest.mark.parametrize("head, is_index", [
    # a dated post that says it is an article: a short post beside next-story cards
    ("<meta property='og:type' content='article'>"
     "<meta property='article:published_time' content='2013-07-19T17:08:44+00:00'>", False),
    ("<script type='application/ld+json'>{\"@type\": \"BlogPosting\", "
     "\"datePublished\": \"2013-07-19\"}</script>", False),
    # undated, or a listing that also says og:type article (nytimes.com's front page)
    ("<meta property='og:type' content='article'>", True),
    ("<meta property='og:type' content='article'>"
     "<meta property='article:published_time' content='2013-07-19T17:08:44+00:00'>"
     "<script type='application/ld+json'>{\"@type\": \"CollectionPage\"}</script>", True),
])
def test_a_short_dated_post_beside_story_cards_is_no_index_page(
        extractor: Extractor, head: str, is_index: bool) -> None:
    cards = "".join(f"<div class='nextstory'><a href='/story-{i}'><h3>Headline number {i} of "
                    f"the day</h3></a><p>Residents gathered on Tuesday, number {i}.</p></div>"
                    for i in range(12))
    post = ("<div id='story'><p>Cartoonist Jane Roe got a spot on national television for her "
            "scathing critique of the narrative of the lazy, narcissistic generation, which has "
            f"gone well beyond grumbling into prejudice.</p><div class='more'>{cards}</div></div>")
    html = f"<html><head><title>A short post</title>{head}</head><body>{post}</body></html>"
    result = extractor.explain(RawDoc("post.html", html.encode("utf-8")))
    if is_index:
        assert result.record is None and result.reason == "index-page"
    else:
        assert result.record is not None and "Cartoonist Jane Roe" in result.record["text"]


def test_a_wrapped_teaser_inside_an_article_goes(extractor: Extractor) -> None:
    card = ("<div class='card'><a href='/other'><h3>Another story entirely</h3></a>"
            "<p>An excerpt of the other story, a sentence or two long.</p></div>")
    text = run(extractor, article(6, card))
    assert "Another story entirely" not in text and "excerpt of the other" not in text


def test_a_linked_headline_in_capitals_goes(extractor: Extractor) -> None:
    extra = ("<p><a href='/x'>TAYLOR SWIFT CLEARED TO PERFORM HITS AT AMAs AMID FEUD WITH "
             "SCOOTER BRAUN, BIG MACHINE RECORDS: REPORT</a></p>")
    text = run(extractor, article(5, extra))
    assert "TAYLOR SWIFT" not in text and "4 The committee met" in text


CAPTION = ("The chief executive said the company expected revenue to fall this year after "
           "sponsorship deals dried up and costs rose across every division. ")


def gallery(slides: int) -> str:
    items = "".join(f"<li><h2><span class='counter'>{i}/{slides}</span> Slide {i}</h2>"
                    f"<p>{CAPTION}</p></li>" for i in range(1, slides + 1))
    return f"<div class='full-gallery'><ul class='legends'>{items}</ul></div>"


def test_a_gallery_longer_than_the_story_beside_it_goes(extractor: Extractor) -> None:
    """The Independent's inline 50-slide gallery holds most of the page's text (Readability's
    bug-1255978): it is a gallery, not a wrapper, however long."""
    text = run(extractor, "<article><h1>Headline here</h1><div class='text-wrapper'>"
                          + "".join(f"<p>{i} {PROSE}</p>" for i in range(4))
                          + gallery(30) + "</div></article>")
    assert "0 The committee" in text and "3 The committee" in text
    assert "sponsorship deals" not in text and "1/30" not in text


def test_a_page_that_is_only_a_gallery_keeps_its_captions(extractor: Extractor) -> None:
    text = run(extractor, "<article><h1>Pictures of the year</h1>" + gallery(8) + "</article>")
    assert "sponsorship deals" in text


def test_teasers_whose_heading_has_a_kicker_go(extractor: Extractor) -> None:
    """Herald Sun opinion teasers: <h4><strong class="kicker">Own backyard</strong> <a>…</a>
    </h4>, a byline and an excerpt. A subheading with a link in the story stays."""
    teasers = "".join(
        f"<div class='story-block'><h4><strong>Kicker {i}</strong> <a href='/o/{i}'>Another "
        f"column about something else {i}</a></h4><p>WRITER {i} It is nice to think about "
        f"another topic entirely, column {i}.</p></div>" for i in range(4))
    body = ("<article><h1>Headline here</h1><div class='article-body'>"
            + "".join(f"<p>{i} {PROSE}</p>" for i in range(3))
            + "<h2>What the <a href='/report'>report</a> found</h2>"
            + "".join(f"<p>{i} more. {PROSE}</p>" for i in range(3, 6)) + teasers
            + "</div></article>")
    text = run(extractor, body)
    assert "What the report found" in text and "5 more." in text
    assert "Another column" not in text and "column 2" not in text


EXCERPT = ("Living a true experience of love is one of the great pleasures of life, and what "
           "we feel depends on the ideas each of us holds about it, which is why we ")


def card_list(heading: str, cards: int, tag: str = "article", excerpt: str = EXCERPT) -> str:
    items = "".join(f"<{tag} class='post-{i} post postbox'><p>{i} {excerpt}…</p></{tag}>"
                    for i in range(cards))
    return f"<article class='post-100 post postbox'><h3>{heading}</h3>{items}</article>"


def page_with(block: str) -> str:
    ps = "".join(f"<p>{i} {PROSE}</p>" for i in range(4))
    return (f"<div id='primary'><article class='post-100 post hentry'><h1>Headline here</h1>"
            f"{ps}</article>{block}</div>")


@pytest.mark.parametrize("heading", ["Você pode gostar...", "You may also like",
                                     "Related articles"])
def test_a_block_of_excerpt_cards_under_a_related_heading_goes(extractor: Extractor,
                                                               heading: str) -> None:
    """A WordPress 'Você pode gostar...' block: excerpts of other posts without linked
    headings (too long for a teaser card) after the article (ScrapingHub b3c19dd5)."""
    text = run(extractor, page_with(card_list(heading, 6)))
    assert "3 The committee met" in text
    assert "Living a true experience" not in text and heading not in text


@pytest.mark.parametrize("block", [
    card_list("Latest updates", 6),  # not a related-content heading: a live blog's entries
    card_list("You may also like", 1),  # one item is no list
    card_list("You may also like", 3, excerpt=EXCERPT * 8),  # items too long for cards
    "<section><h2>Related research</h2>" + "".join(f"<p>{i} {PROSE}</p>" for i in range(3))
    + "</section>",  # prose paragraphs under the heading, not cards
])
def test_what_is_not_a_card_list_stays(extractor: Extractor, block: str) -> None:
    text = run(extractor, page_with(block))
    assert "3 The committee met" in text
    kept = "Living a true experience" in text or "2 The committee met" in text
    assert kept


def test_a_related_heading_after_text_in_its_container_removes_nothing_before_it(
        extractor: Extractor) -> None:
    """The heading opens no element when text precedes it inside its parent: nothing that
    comes before it goes."""
    cards = "".join(f"<article class='post-{i} post'><p>{i} {EXCERPT}…</p></article>"
                    for i in range(4))
    body = (f"<div id='primary'><article class='post-100 post hentry'><h1>Headline here</h1>"
            + "".join(f"<p>{i} {PROSE}</p>" for i in range(4))
            + f"<h3>You may also like</h3>{cards}</article></div>")
    text = run(extractor, body)
    assert all(f"{i} The committee met" in text for i in range(4))


def test_gated_paragraphs_classed_paywall_stay_but_the_paywall_prompt_goes(
        extractor: Extractor) -> None:
    """Conde Nast pages (Wired, newspaper4k's wired_001) class every paragraph after the
    first `paywall`: that is the gated story text. The prompt is a compound name."""
    paragraphs = "".join(f"<p class='paywall'>{i} {PROSE}</p>" for i in range(1, 6))
    text = run(extractor, "<article><h1>Headline here</h1><div class='body__inner-container'>"
                          f"<p>0 {PROSE}</p>{paragraphs}</div>"
                          "<div class='paywall-bar'><p>You have read your last free article."
                          " Subscribe now for unlimited access.</p></div></article>")
    for i in range(6):
        assert f"{i} The committee" in text
    assert "last free article" not in text


def test_an_elementor_page_keeps_its_article_but_not_its_share_widget(
        extractor: Extractor) -> None:
    """Elementor names every block "elementor-widget ...": that namespace is no [drop]
    "widget"; the block kind after it still counts (a post laid out as novalanalove.com's)."""
    def widget(kind: str, inner: str) -> str:
        return (f"<div class='elementor-element elementor-element-3f2a elementor-widget "
                f"elementor-widget-{kind}'><div class='elementor-widget-container'>{inner}"
                "</div></div>")
    widgets = (widget("heading", "<h2>Silver flash</h2>")
               + widget("text-editor", "".join(f"<p>{i} {PROSE}</p>" for i in range(3)))
               + widget("image", "<img src='a.jpg'>")
               + widget("text-editor", "".join(f"<p>{i} {PROSE}</p>" for i in range(3, 6)))
               + widget("share-buttons", "<a href='/s'>Share on Facebook</a> <a>Tweet it</a>"))
    text = run(extractor, "<h1>Ear candy</h1><section class='elementor-section'>"
                          "<div class='elementor-column'><div class='elementor-widget-wrap'>"
                          f"{widgets}</div></div></section>")
    for i in range(6):
        assert f"{i} The committee" in text
    assert "Silver flash" in text
    assert "Share on Facebook" not in text


def test_a_block_repeating_an_images_alt_is_its_caption(extractor: Extractor) -> None:
    """National Geographic's caption is a plain <div> after the picture: it repeats the
    image's alt text, which is how it is known. A one-word alt never removes a paragraph."""
    figure = ("<div class='ngart-img'><a><picture><noscript><img src='r.jpg' alt='An evolution "
              "in colour: Redonda in 2016 and 2019.'></noscript></picture></a>"
              "<div class='ngart-img__cont'><div class='ngart-img__cont__copy'>An evolution in "
              "colour: Redonda in 2016 and 2019.</div></div></div>")
    short = "<img src='x.jpg' alt='Redonda'><p>Redonda</p>"
    text = run(extractor, article(5, figure + short))
    assert "An evolution in colour" not in text
    assert "\n\nRedonda" in text and "4 The committee" in text


def test_a_short_alt_repeated_beside_its_image_is_its_caption(extractor: Extractor) -> None:
    """El Mundo: <div class="foto"><img alt="Izaskun Lesaka."><p>Izaskun Lesaka.</p></div>.
    A two- or three-word alt identifies a caption only beside its image; elsewhere the same
    words are a paragraph's."""
    beside = "<div class='portrait'><img src='l.jpg' alt='Izaskun Lesaka.'><p>Izaskun Lesaka.</p></div>"
    apart = "<img src='m.jpg' alt='The mayor'>" + "<p>3 " + PROSE + "</p><p>The mayor</p>"
    text = run(extractor, article(5, beside + apart))
    assert "Izaskun Lesaka" not in text
    assert "\n\nThe mayor" in text and "4 The committee" in text


def test_article_sections_named_for_their_ad_slots_stay(extractor: Extractor) -> None:
    """CHIP's test report is a row of <section class="TestReport__Section
    TestReport__Section--Ads"> (each carries an ad slot): together they are the article's
    prose and stay. A row of ad slots, or one ad-named box of prose among them, still goes."""
    sections = "".join(
        f"<section class='Report__Section Report__Section--Ads'><h2>Part {i}</h2><p>{i} "
        f"{PROSE * 2}</p><div class='ad-slot'>Anzeige</div></section>" for i in range(4))
    conclusion = ("<section class='Report__Section Report__Section--Conclusion "
                  "Report__Section--Ads'><h2>Fazit</h2><p>The verdict: a good grill.</p></section>")
    slots = "".join("<div class='ad-slot ad-slot--row'>Advertisement</div>" for _ in range(4))
    text = run(extractor, "<article><h1>Beef Maker im Test</h1>" + sections + conclusion
               + slots + "<div class='advert'><p>" + PROSE + "</p></div></article>")
    for i in range(4):
        assert f"Part {i}" in text and f"{i} The committee" in text
    assert "The verdict: a good grill." in text
    assert "Anzeige" not in text and "Advertisement" not in text
    assert text.count("The committee met") == 8  # the lone advert box went


def test_rel_tag_link_lists_leave_whatever_holds_them(extractor: Extractor) -> None:
    """rel="tag" links (WordPress's the_tags()) are the page's taxonomy: Autoracing's bare
    <strong>Tags<br><a rel="tag">...</a>, ...</strong> after the story. A sentence with one
    tag link in it, or two among much prose, stays."""
    tags = ("<p><strong>Tags<br><a href='/tag/a' rel='tag'>stock car brasil</a>, "
            "<a href='/tag/b' rel='tag'>stock car interlagos</a>, <a href='/tag/c' "
            "rel='category tag'>calendario stock car 2018</a></strong></p>")
    prose = ("<p>The season opens at <a href='/tag/i' rel='tag'>Interlagos</a> in March and "
             "ends there in December, after twelve rounds across the country.</p>")
    text = run(extractor, article(5, prose + tags))
    assert "stock car brasil" not in text and "Tags" not in text
    assert "The season opens at Interlagos in March" in text and "4 The committee" in text


def test_a_videos_description_is_its_caption(extractor: Extractor) -> None:
    """USA Today puts the video player's description above the story, in the article's
    container: <p class="video-desc">Travelers at ... <span class="credit">VPC</span></p>."""
    video = ("<div class='video'><img src='still.jpg' alt=''><p class='video-desc' "
             "itemprop='description'>Travelers at the airport express concerns about the "
             "screening measures. <span class='credit'>VPC</span></p></div>")
    text = run(extractor, article(5, "").replace("<h1>Headline here</h1>",
                                                  "<h1>Headline here</h1>" + video))
    assert "Travelers at the airport" not in text and "VPC" not in text
    assert "0 The committee" in text


def test_a_byline_broken_by_brs_gives_its_author_and_its_box_leaves(
        extractor: Extractor) -> None:
    """ESPN: '<cite>By Jemele Hill<br>ESPN.com<br><a>Archive</a> | <a>Contact</a></cite>'
    under the headline. The glued text read "Jemele Hill Espn"; the lines after the byline
    in its element are its box. Prose after a <br> in the byline's element stays."""
    body = "".join(f"<p>{i} {PROSE}</p>" for i in range(5))
    html = ("<html><head><title>T</title></head><body><div class='story'><h1>Meyer, Saban "
            "grandstanding</h1><cite class='source'>By Jemele Hill<br>ESPN.com<br><a href='/a'>"
            "Archive</a> | <a href='/c'>Contact</a></cite>" + body + "</div></body></html>")
    record = extractor.run(RawDoc("t.html", html.encode()))
    assert record["authors"] == ["Jemele Hill"]
    for junk in ("ESPN.com", "Archive", "Contact", "By Jemele"):
        assert junk not in record["text"]
    prose = ("<p>By Ann Smith<br>The council met on Monday and voted to close the old bridge "
             "for repairs.</p>")
    text = run(extractor, "<article><h1>H</h1>" + prose + article(5)[9:])
    assert "The council met on Monday and voted to close the old bridge" in text


def test_removing_an_inline_element_keeps_the_word_break_it_stood_for(
        extractor: Extractor) -> None:
    """zeit.de: a screen-reader-only ": " between kicker and headline; a removed ad whose
    tail is a bare space before the next word (USER_NEEDS A20: no glued words)."""
    extra = ("<p><span class='kicker'>Zugverkehr</span><span class='visually-hidden'>: </span>"
             "<span class='title'>Im ICE von Frankfurt nach Barcelona</span></p>"
             "<p>The fare was <span class='ad-slot'>AD</span> <b>cheaper</b> than flying.</p>")
    text = run(extractor, article(5, extra))
    assert "Zugverkehr Im ICE" in text
    assert "was cheaper than flying" in text


@pytest.mark.parametrize("attrs", ['id="articleBody" style="display: none"',
                                   'itemprop="articleBody" hidden',
                                   'class="article-body" style="visibility:hidden"'])
def test_a_hidden_article_body_is_still_the_article(extractor: Extractor, attrs: str) -> None:
    """A paywall script hides the story until it has checked the reader; the text is in the
    page (The Local's <div id="articleBody" style="display: none">)."""
    ps = "".join(f"<p>{i} {PROSE}</p>" for i in range(4))
    body = (f"<main><h1>Headline here</h1><p>A short standfirst for the story.</p>"
            f"<div {attrs}>{ps}<p style='display: none'>hidden words</p></div></main>"
            "<div class='modal' style='display:none'><p>Subscribe to read more of our "
            "journalism, starting today at a low price.</p></div>")
    text = run(extractor, body)
    assert all(f"{i} {PROSE.strip()}" in text for i in range(4))
    assert "hidden words" not in text and "Subscribe" not in text


def test_the_class_hidden_alone_hides_but_a_screen_size_class_does_not(
        extractor: Extractor) -> None:
    extra = ("<span class='hidden'><span itemprop='url'>http://example.com/a.jpeg</span>"
             "<span itemprop='name'>jdadmin</span></span>"
             "<p class='hidden-xs'>Seen on wide screens: the committee's full findings.</p>")
    text = run(extractor, article(5, extra))
    assert "a.jpeg" not in text and "jdadmin" not in text
    assert "full findings" in text


def test_a_body_split_into_framed_boxes_is_taken_whole(extractor: Extractor) -> None:
    """adac.de: the story is six text boxes, each box's paragraphs in an inner frame; the
    best-scoring frame's box adds little, the level above holds all the boxes."""
    def box(numbers: range) -> str:
        ps = "".join(f"<p>{i} {PROSE}</p>" for i in numbers)
        return f"<div class='m-basic-text'><div class='mm-content'>{ps}</div><h3>Note</h3></div>"
    boxes = box(range(0, 4)) + box(range(4, 5)) + box(range(5, 6))
    text = run(extractor, f"<div id='l_main_content'><h1>Test</h1>{boxes}</div>"
                          "<aside><p>Other tests: a long list of links to elsewhere.</p></aside>")
    for i in range(6):
        assert f"{i} The committee" in text
    assert "Other tests" not in text


def test_a_standfirst_under_an_h2_headline_is_kept(extractor: Extractor) -> None:
    """Der Spiegel: no <h1>; the headline is an <h2> above the standfirst and the body."""
    ps = "".join(f"<p>{i} {PROSE}</p>" for i in range(5))
    page = ("<div class='banner'><a href='/'>Home</a></div><div class='dig-artikel'>"
            "<h2><span>Ein Albtraum</span></h2><div class='dig-vorspann'>The reporter misled "
            "the magazine for years. How could it happen? And how was it found out?</div>"
            f"<div class='dig-text'>{ps}</div></div>")
    text = run(extractor, page)
    assert text.startswith("The reporter misled") and "4 The committee" in text


def test_a_subheading_whose_anchor_id_says_nav_stays(extractor: Extractor) -> None:
    """heise.de: <h3 id="nav_nur_die_folie__1"> is an anchor made from the heading's text
    for the page's table of contents, not navigation."""
    extra = ("<h3 class='subheading' id='nav_nur_die_folie__1'>Nur die Folie bleibt zurück</h3>"
             f"<p>5 {PROSE}</p><div id='nav-main'><h3 id='nav_sections'>Sections</h3></div>")
    text = run(extractor, article(5, extra))
    assert "Nur die Folie bleibt zurück" in text and "5 The committee" in text
    assert "Sections" not in text
