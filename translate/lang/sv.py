"""Swedish: the rules record (translate/lang/__init__.py explains what each field is for)."""

from __future__ import annotations

import re

from . import LanguageRules, attribution_patterns, first_name_in

SPEECH_VERBS = 'säger|sa|sade|skriver|skrev|uppger|uppgav|berättar|berättade|menar|menade|betonar|betonade|tillägger|tillade'

RULES = LanguageRules(
    code='sv',
    name='Swedish',
    sentencex='sv',
    abbreviations=frozenset('bl.a. t.ex. ca. dvs. kl. nr. m.m. osv. p.g.a. fr.o.m. t.o.m. milj. mdr. resp.'.split()),
    speech_verbs=SPEECH_VERBS,
    pronouns=frozenset('han hon de den det honom henne dem'.split()),
    attribution=attribution_patterns(SPEECH_VERBS, 'enligt', '[Hh]an|[Hh]on'),
    clause_split=re.compile(',\\s+(?:och|men)\\s+(?=(?:han|hon|de|vi|jag|det|har|hade|är|var|vill|ska|skulle|kan|kunde)\\b)'),
    conjunctions=('och', 'men'),
    name_openers=frozenset('Det Den De I Ett En'.split()),
    name_from_phrase=first_name_in,
    capitalised_nouns=False,
    weekdays={'måndag': 'monday', 'tisdag': 'tuesday', 'onsdag': 'wednesday', 'torsdag': 'thursday', 'fredag': 'friday', 'lördag': 'saturday', 'söndag': 'sunday'},
    months={'januari': 'january', 'februari': 'february', 'mars': 'march', 'april': 'april', 'maj': 'may', 'juni': 'june', 'juli': 'july', 'augusti': 'august', 'september': 'september', 'oktober': 'october', 'november': 'november', 'december': 'december'},
    times_of_day={'morgon': ('morning',), 'morgonen': ('morning',), 'förmiddag': ('morning',), 'eftermiddag': ('afternoon',), 'eftermiddagen': ('afternoon',), 'kväll': ('evening', 'night'), 'kvällen': ('evening', 'night'), 'natt': ('night',), 'natten': ('night',)},
    exonyms={'kina': 'china', 'ryssland': 'russia', 'usa': 'us', 'tyskland': 'germany', 'frankrike': 'france', 'norge': 'norway', 'danmark': 'denmark', 'storbritannien': 'britain', 'moskva': 'moscow', 'väst': 'west'},
    widgets='kommentarer?:?|dela(?: artikeln)?:?|skriv ut|prenumerera.*',
    widget_phrases='vi använder cookies',
    cross_links='läs också|läs mer|se även',
    credits='bidrog till denna artikel',
    photo_words='foto|bild',
    byline_words='[Aa]v',
    dated_words='publicerad|uppdaterad',
)
