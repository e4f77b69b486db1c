"""Spanish: the rules record (translate/lang/__init__.py explains what each field is for)."""

from __future__ import annotations

import re

from . import LanguageRules, attribution_patterns, first_name_in

SPEECH_VERBS = 'dijo|dice|afirmó|afirma|declaró|declara|aseguró|asegura|señaló|señala|añadió|añade|escribió|escribe|explicó|explica'

RULES = LanguageRules(
    code='es',
    name='Spanish',
    sentencex='es',
    abbreviations=frozenset('sr. sra. srta. dr. dra. etc. ee.uu. p.ej. aprox. núm. ud. uds.'.split()),
    speech_verbs=SPEECH_VERBS,
    pronouns=frozenset('él ella ellos ellas le'.split()),
    attribution=attribution_patterns(SPEECH_VERBS, 'según', '[ÉéEe]l|[Ee]lla'),
    clause_split=re.compile(',\\s+(?:y|pero)\\s+(?=(?:él|ella|ellos|ellas|nosotros|ha|han|es|son|será|dijo)\\b)'),
    conjunctions=('y', 'pero'),
    name_openers=frozenset('El La Los Las Un Una En Del Al'.split()),
    name_from_phrase=first_name_in,
    capitalised_nouns=False,
    weekdays={'lunes': 'monday', 'martes': 'tuesday', 'miércoles': 'wednesday', 'jueves': 'thursday', 'viernes': 'friday', 'sábado': 'saturday', 'domingo': 'sunday'},
    months={'enero': 'january', 'febrero': 'february', 'marzo': 'march', 'abril': 'april', 'mayo': 'may', 'junio': 'june', 'julio': 'july', 'agosto': 'august', 'septiembre': 'september', 'octubre': 'october', 'noviembre': 'november', 'diciembre': 'december'},
    times_of_day={'mediodía': ('noon', 'midday', 'lunchtime'), 'tarde': ('afternoon', 'evening'), 'noche': ('night', 'evening'), 'madrugada': ('dawn', 'night', 'morning')},
    exonyms={'china': 'china', 'rusia': 'russia', 'eeuu': 'us', 'moscú': 'moscow', 'pekín': 'beijing', 'alemania': 'germany', 'francia': 'france', 'occidente': 'west', 'ucrania': 'ukraine'},
    widgets='comentarios?:?|compartir:?|imprimir|suscríbete.*',
    widget_phrases='utilizamos cookies',
    cross_links='lea también|leer más|ver también',
    credits='contribuyó a este informe',
    photo_words='foto',
    byline_words='[Pp]or',
    dated_words='publicado|actualizado',
)
