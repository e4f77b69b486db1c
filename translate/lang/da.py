"""Danish: the rules record (translate/lang/__init__.py explains what each field is for)."""

from __future__ import annotations

import re

from . import LanguageRules, attribution_patterns, first_name_in

SPEECH_VERBS = 'siger|sagde|skriver|skrev|oplyser|oplyste|fortæller|fortalte|mener|mente|understreger|understregede|tilføjer|tilføjede'

RULES = LanguageRules(
    code='da',
    name='Danish',
    sentencex='da',
    abbreviations=frozenset('bl.a. f.eks. ca. dvs. kl. nr. mht. pga. jf. evt. inkl. ekskl. mio. mia. hhv. o.l. m.m.'.split()),
    speech_verbs=SPEECH_VERBS,
    pronouns=frozenset('han hun de den det ham hende dem'.split()),
    attribution=attribution_patterns(SPEECH_VERBS, 'ifølge', '[Hh]an|[Hh]un'),
    clause_split=re.compile(',\\s+(?:og|men)\\s+(?=(?:han|hun|de|vi|jeg|det|har|havde|er|var|vil|skal|kan|kunne)\\b)'),
    conjunctions=('og', 'men'),
    name_openers=frozenset('Det Den De I Et En'.split()),
    name_from_phrase=first_name_in,
    capitalised_nouns=False,
    weekdays={'mandag': 'monday', 'tirsdag': 'tuesday', 'onsdag': 'wednesday', 'torsdag': 'thursday', 'fredag': 'friday', 'lørdag': 'saturday', 'søndag': 'sunday'},
    months={'januar': 'january', 'februar': 'february', 'marts': 'march', 'april': 'april', 'maj': 'may', 'juni': 'june', 'juli': 'july', 'august': 'august', 'september': 'september', 'oktober': 'october', 'november': 'november', 'december': 'december'},
    times_of_day={'morgen': ('morning',), 'morgenen': ('morning',), 'formiddag': ('morning',), 'eftermiddag': ('afternoon',), 'eftermiddagen': ('afternoon',), 'aften': ('evening', 'night'), 'aftenen': ('evening', 'night'), 'nat': ('night',), 'natten': ('night',)},
    exonyms={'kina': 'china', 'rusland': 'russia', 'usa': 'us', 'tyskland': 'germany', 'frankrig': 'france', 'sverige': 'sweden', 'norge': 'norway', 'storbritannien': 'britain', 'moskva': 'moscow', 'vesten': 'west'},
    widgets='kommentarer?:?|del(?: artiklen)?:?|udskriv|abonnér.*',
    widget_phrases='vi bruger cookies',
    cross_links='læs også|læs mere|se også',
    credits='bidrog til denne artikel',
    photo_words='foto|billede',
    byline_words='[Aa]f',
    dated_words='publiceret|opdateret',
)
