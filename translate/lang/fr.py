"""French: the rules record (translate/lang/__init__.py explains what each field is for)."""

from __future__ import annotations

import re

from . import LanguageRules, attribution_patterns, first_name_in

SPEECH_VERBS = 'a déclaré|a dit|dit|déclare|affirme|a affirmé|a souligné|souligne|a ajouté|ajoute|écrit|a écrit|estime|a estimé'

RULES = LanguageRules(
    code='fr',
    name='French',
    sentencex='fr',
    abbreviations=frozenset('m. mme. mm. mlle. etc. env. n° p.ex. av. j.-c. dr. pr. st. ste. janv. févr. oct. nov. déc.'.split()),
    speech_verbs=SPEECH_VERBS,
    pronouns=frozenset('il elle ils elles on lui'.split()),
    attribution=attribution_patterns(SPEECH_VERBS, "selon|d'après", '[Ii]l|[Ee]lle'),
    clause_split=re.compile(',\\s+(?:et|mais)\\s+(?=(?:il|elle|ils|elles|nous|on|a|ont|est|sont|sera)\\b)'),
    conjunctions=('et', 'mais'),
    name_openers=frozenset('Le La Les L Un Une Des Du De En Au'.split()),
    name_from_phrase=first_name_in,
    capitalised_nouns=False,
    weekdays={'lundi': 'monday', 'mardi': 'tuesday', 'mercredi': 'wednesday', 'jeudi': 'thursday', 'vendredi': 'friday', 'samedi': 'saturday', 'dimanche': 'sunday'},
    months={'janvier': 'january', 'février': 'february', 'mars': 'march', 'avril': 'april', 'mai': 'may', 'juin': 'june', 'juillet': 'july', 'août': 'august', 'septembre': 'september', 'octobre': 'october', 'novembre': 'november', 'décembre': 'december'},
    times_of_day={'matin': ('morning',), 'matinée': ('morning',), 'midi': ('noon', 'midday', 'lunchtime'), 'après-midi': ('afternoon',), 'soir': ('evening', 'night'), 'soirée': ('evening', 'night'), 'nuit': ('night',)},
    exonyms={'chine': 'china', 'russie': 'russia', 'états-unis': 'us', 'moscou': 'moscow', 'pékin': 'beijing', 'allemagne': 'germany', 'royaume-uni': 'britain', 'occident': 'west', 'ukraine': 'ukraine'},
    widgets="commentaires?:?|partager:?|imprimer|s'abonner.*",
    widget_phrases='nous utilisons des cookies',
    cross_links='lire aussi|à lire aussi|voir aussi',
    credits='a contribué à cet article',
    photo_words='photo',
    byline_words='[Pp]ar',
    dated_words='publié|mis à jour',
)
