"""Language detection (seeded, bounded, robust on short/all-caps text) and URL helpers."""

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


def test_lazy_profiles_give_langdetects_own_answers() -> None:
    """load_factory's lazy n-gram map must give exactly what langdetect's eager loader gives:
    same language, same probabilities, on texts in several scripts."""
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    from cleaner.language import load_factory

    eager = DetectorFactory()
    eager.load_profile(PROFILES_DIRECTORY)
    eager.seed = 0
    lazy = load_factory()
    texts = ["The defence ministry said it had begun local operations in the enclave.",
             "Das Verteidigungsministerium erklärte, es habe mit Einsätzen begonnen.",
             "Le ministère de la Défense a annoncé le début d'une opération locale.",
             "Министерство обороны заявило о начале локальных мероприятий.",
             "国防部表示已在该地区开始反恐行动。", "国防省は地域での作戦を開始したと発表した。"]
    for text in texts:
        answers = []
        for factory in (eager, lazy):
            detector = factory.create()
            detector.append(text)
            answers.append(str(detector.get_probabilities()))
        assert answers[0] == answers[1], text


def test_uncertain_quick_pass_escalates_to_the_careful_one(monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    from cleaner import language

    calls: list[tuple[int, int]] = []
    answers = {language.QUICK: SimpleNamespace(lang="es", prob=0.6),
               language.CAREFUL: SimpleNamespace(lang="pt", prob=0.97)}

    def fake_top(self: LanguageDetector, text: str, chars: int, trials: int) -> object:
        calls.append((chars, trials))
        return answers[(chars, trials)]

    monkeypatch.setattr(LanguageDetector, "_top", fake_top)
    detector = LanguageDetector()
    assert detector.detect("Uma frase qualquer para o teste de idioma, longa o bastante.") == "pt"
    assert calls == [language.QUICK, language.CAREFUL]
    calls.clear()
    answers[language.QUICK] = SimpleNamespace(lang="pt", prob=0.99999)
    assert detector.detect("Uma frase qualquer para o teste de idioma, longa o bastante.") == "pt"
    assert calls == [language.QUICK]
