"""Language detection (seeded, bounded, robust on short/all-caps text) and URL helpers."""

from pathlib import Path

import pytest

from cleaner.language import LanguageDetector
from cleaner.urls import canonical, domain_of, host_of

TEXTS = {
    "en": "Azerbaijan said on Tuesday that it was launching an operation in the disputed region.",
    "de": "Aserbaidschan hat nach eigenen Angaben einen Militäreinsatz in Bergkarabach begonnen.",
    "fr": "L'Azerbaïdjan a annoncé mardi avoir lancé des opérations dans le Haut-Karabakh.",
    "ru": "Азербайджан объявил о начале антитеррористической операции в Нагорном Карабахе.",
    "uk": "Азербайджан оголосив про початок антитерористичної операції в Нагірному Карабасі.",
}


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector()


@pytest.mark.parametrize("code", sorted(TEXTS))
def test_detects(detector: LanguageDetector, code: str) -> None:
    assert detector.detect(TEXTS[code] * 3) == code


def test_deterministic(detector: LanguageDetector) -> None:
    ambiguous = "Le Tour de France in Paris, Ende gut alles gut, la vie est belle."
    assert len({detector.detect(ambiguous) for _ in range(20)}) == 1
    assert LanguageDetector().detect(ambiguous) == detector.detect(ambiguous)


def test_all_caps_and_short(detector: LanguageDetector) -> None:
    assert detector.detect(TEXTS["en"].upper() * 2) == "en"
    assert detector.detect("Hi", hint="de") == "de"
    assert detector.detect("", hint="de") is None
    assert detector.detect("12345 67890 !!! ???", hint=None) is None


def test_urls() -> None:
    assert host_of("https://WWW.DW.com./en/x") == "www.dw.com"
    assert domain_of("https://www.dw.com/en/x") == "dw.com"
    assert canonical("https://Example.com/a?utm_source=x&id=3&fbclid=y#top") == "https://example.com/a?id=3"
    assert canonical("/path", base="https://example.com/dir/page") == "https://example.com/path"
    assert canonical("javascript:void(0)") is None
    assert host_of(None) is None and canonical("") is None


def _langdetect_texts() -> list[str]:
    """Texts in several scripts, with capitals, acronyms, URLs, e-mail addresses, digits,
    Vietnamese diacritics, mixed Latin/other scripts, and runs of spaces and punctuation."""
    return ["The defence ministry said it had begun local operations in the enclave.",
            "Das Verteidigungsministerium erklärte, es habe mit Einsätzen begonnen.",
            "Le ministère de la Défense a annoncé le début d'une opération locale.",
            "Министерство обороны заявило о начале локальных мероприятий.",
            "国防部表示已在该地区开始反恐行动。", "国防省は地域での作戦を開始したと発表した。",
            "THE NATO SUMMIT IN VILNIUS: USA, UK AND EU LEADERS MET (AFP) ON 11 JULY 2023.",
            "Bộ Quốc phòng cho biết đã bắt đầu các hoạt động tại khu vực. Tiếng Việt có dấu.",
            "Write to press@example.org or see https://example.org/a?b=c  --  then,,, reply!!",
            "Hamas said 12 people died; Israel's IDF (Tsahal) said: «Nous répondrons».  OK",
            "Reuters — Москва заявила, что NATO и США ведут «гибридную войну» в Европе.",
            "한국 정부는 오늘 새로운 경제 정책을 발표했다고 밝혔다. Seoul, KOREA.",
            "Ș ț ș ț Românii au votat duminică pentru noul președinte al țării.",
            "a b c d e f g h A B C DE FG HIJ kLm NoP qRS", "x" * 3 + " " * 5 + "y"]


def test_lazy_rows_give_langdetects_own_answers() -> None:
    """The lazy n-gram rows must give exactly what langdetect's eager loader gives: same
    language, same probabilities, on texts in several scripts."""
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    from cleaner.langmodel import langdetect_factory, load_model

    eager = DetectorFactory()
    eager.load_profile(PROFILES_DIRECTORY)
    eager.seed = 0
    lazy = langdetect_factory(load_model(0))
    for text in _langdetect_texts():
        answers = []
        for factory in (eager, lazy):
            detector = factory.create()
            detector.append(text)
            answers.append(str(detector.get_probabilities()))
        assert answers[0] == answers[1], text


def _benchmark_texts() -> list[str]:
    """Starts of the bundled benchmark pages' visible text (both sets), as raw material."""
    import gzip

    import lxml.html

    root = Path(__file__).resolve().parents[1] / "bench" / "data"
    out = []
    pages = sorted(root.glob("scrapinghub/html/*.html.gz"))[::6] + sorted(
        root.glob("readability/*/source.html.gz"))[::4]
    for path in pages:
        text = lxml.html.fromstring(gzip.decompress(path.read_bytes())).text_content()
        out.append(" ".join(text.split())[:2000])
    return out


@pytest.mark.parametrize(("chars", "trials"), [(200, 1), (600, 5), (10_000, 7)])
def test_model_gives_langdetects_own_probabilities(chars: int, trials: int) -> None:
    """langmodel restates langdetect's Detector (append, cleaning_text, _extract_ngrams,
    _detect_block): every probability must be bit-identical to langdetect's own, and the
    top language the head of its ranked list."""
    from cleaner.langmodel import langdetect_factory, load_model

    model = load_model(0)
    factory = langdetect_factory(model)
    texts = _langdetect_texts() + _benchmark_texts()
    assert len(texts) > 40
    for text in texts:
        detector = factory.create()
        detector.n_trial = trials
        detector.set_max_text_length(chars)
        detector.append(text)
        detector.cleaning_text()
        assert model.ngrams(model.cleaned(text, chars)) == detector._extract_ngrams(), text
        detector = factory.create()
        detector.n_trial = trials
        detector.set_max_text_length(chars)
        detector.append(text)
        ranked = detector.get_probabilities()
        assert model.probabilities(text, chars, trials) == detector.langprob, text
        top = model.top(text, chars, trials)
        assert top == ((ranked[0].lang, ranked[0].prob) if ranked else None), text


def test_uncertain_quick_pass_escalates_to_the_careful_one(monkeypatch: pytest.MonkeyPatch) -> None:
    from cleaner import language

    calls: list[tuple[int, int]] = []
    answers = {language.QUICK: ("es", 0.6), language.CAREFUL: ("pt", 0.97)}

    def fake_top(self: LanguageDetector, text: str, chars: int, trials: int) -> object:
        calls.append((chars, trials))
        return answers[(chars, trials)]

    monkeypatch.setattr(LanguageDetector, "_top", fake_top)
    detector = LanguageDetector()
    assert detector.detect("Uma frase qualquer para o teste de idioma, longa o bastante.") == "pt"
    assert calls == [language.QUICK, language.CAREFUL]
    calls.clear()
    answers[language.QUICK] = ("pt", 0.99999)
    assert detector.detect("Uma frase qualquer para o teste de idioma, longa o bastante.") == "pt"
    assert calls == [language.QUICK]
