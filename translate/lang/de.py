"""German: the rules record (translate/lang/__init__.py explains what each field is for)."""

from __future__ import annotations

import re

from . import LanguageRules, attribution_patterns, first_name_in

SPEECH_VERBS = 'sagte|sagt|schreibt|schrieb|erklärte|erklärt|betonte|betont|berichtet|berichtete|meint|meinte|teilte mit|fügte hinzu'

RULES = LanguageRules(
    code='de',
    name='German',
    sentencex='de',
    abbreviations=frozenset('z.b. bzw. ca. d.h. u.a. usw. nr. dr. prof. mio. mrd. evtl. ggf. inkl. v.a. vgl. s. str. jan. feb. okt. nov. dez.'.split()),
    speech_verbs=SPEECH_VERBS,
    pronouns=frozenset('er sie es ihn ihm ihr'.split()),
    attribution=attribution_patterns(SPEECH_VERBS, 'laut|gemäß|nach Angaben (?:von |der |des )?', '[Ee]r|[Ss]ie'),
    clause_split=re.compile(',\\s+(?:und|aber)\\s+(?=(?:er|sie|es|wir|ich|hat|haben|hatte|ist|war|wird|will|soll)\\b)'),
    conjunctions=('und', 'aber'),
    name_openers=frozenset('Der Die Das Den Dem Des Ein Eine In Im Am'.split()),
    name_from_phrase=first_name_in,
    capitalised_nouns=True,
    quote_pairs=(("„", "“"), ("»", "«"), ("‚", "‘")),
    weekdays={'montag': 'monday', 'dienstag': 'tuesday', 'mittwoch': 'wednesday', 'donnerstag': 'thursday', 'freitag': 'friday', 'samstag': 'saturday', 'sonnabend': 'saturday', 'sonntag': 'sunday'},
    months={'januar': 'january', 'februar': 'february', 'märz': 'march', 'april': 'april', 'mai': 'may', 'juni': 'june', 'juli': 'july', 'august': 'august', 'september': 'september', 'oktober': 'october', 'november': 'november', 'dezember': 'december'},
    times_of_day={'morgen': ('morning',), 'vormittag': ('morning',), 'mittag': ('noon', 'midday', 'lunchtime'), 'nachmittag': ('afternoon',), 'abend': ('evening', 'night'), 'nacht': ('night',)},
    exonyms={'china': 'china', 'russland': 'russia', 'usa': 'us', 'deutschland': 'germany', 'frankreich': 'france', 'moskau': 'moscow', 'peking': 'beijing', 'großbritannien': 'britain', 'grossbritannien': 'britain', 'westen': 'west', 'ukraine': 'ukraine'},
    widgets='kommentare?:?|teilen:?|drucken|abonnieren.*',
    widget_phrases='wir verwenden cookies',
    cross_links='lesen sie auch|mehr zum thema|auch interessant',
    credits='zu diesem bericht beigetragen',
    photo_words='foto|bild',
    byline_words='[Vv]on',
    dated_words='veröffentlicht|aktualisiert',
)
