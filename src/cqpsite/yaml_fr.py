"""PyYAML's error messages, in French: what was expected, what was found, and where the element
that could not be read started. Anything unknown keeps its English text rather than being lost."""

from __future__ import annotations

import re

import yaml

_TOKENS = {
    "<scalar>": "un texte",
    "<block end>": "une fin de bloc (retour à une indentation moindre)",
    "<block mapping start>": "un début d’ensemble de clés",
    "<block sequence start>": "un début de liste",
    "<block entry>": "un tiret de liste « - »",
    "<flow sequence start>": "« [ »",
    "<flow sequence end>": "« ] »",
    "<flow mapping start>": "« { »",
    "<flow mapping end>": "« } »",
    "<flow entry>": "« , »",
    "<key>": "une clé « ? »",
    "<value>": "« : »",
    "<anchor>": "une ancre « & »",
    "<alias>": "un alias « * »",
    "<tag>": "une étiquette « ! »",
    "<directive>": "une directive « % »",
    "<document start>": "un début de document « --- »",
    "<document end>": "une fin de document « ... »",
    "<stream start>": "le début du fichier",
    "<stream end>": "la fin du fichier",
}
_CHARACTERS = {
    "\t": "une tabulation",
    " ": "une espace",
    "\n": "une fin de ligne",
    "\r": "une fin de ligne",
    "\0": "la fin du fichier",
}

# Context: what was being read when the error happened, with the line where it started.
_CONTEXTS = {
    "a block mapping": "l’ensemble de clés commencé",
    "a mapping": "l’ensemble de clés commencé",
    "a block collection": "la liste commencée",
    "a flow mapping": "l’ensemble entre accolades commencé",
    "a flow sequence": "la liste entre crochets commencée",
    "a node": "l’élément commencé",
    "a block node": "l’élément commencé",
    "a flow node": "l’élément commencé",
    "a simple key": "la clé commencée",
    "a quoted scalar": "le texte entre guillemets commencé",
    "a double-quoted scalar": "le texte entre guillemets commencé",
    "a plain scalar": "le texte commencé",
    "a block scalar": "le bloc de texte (| ou >) commencé",
    "a directive": "la directive commencée",
    "a tag": "l’étiquette commencée",
    "an anchor": "l’ancre commencée",
    "an alias": "l’alias commencé",
}

_PROBLEMS: tuple[tuple[str, str], ...] = (
    (r"expected <block end>, but found (?P<x>.+)", "fin de bloc attendue, trouvé {x}"),
    (r"expected ',' or '\]', but got (?P<x>.+)", "« , » ou « ] » attendu, trouvé {x}"),
    (r"expected ',' or '\}', but got (?P<x>.+)", "« , » ou « } » attendu, trouvé {x}"),
    (
        r"expected '<document start>', but found (?P<x>.+)",
        "début de document « --- » attendu, trouvé {x}",
    ),
    (r"expected the node content, but found (?P<x>.+)", "valeur attendue, trouvé {x}"),
    (r"could not find expected ':'", "« : » attendu après la clé"),
    (
        r"found character (?P<x>.+) that cannot start any token",
        "{x} ne peut pas commencer un élément",
    ),
    (
        r"mapping values are not allowed here",
        "« : » n’est pas permis ici (un texte qui contient « : » s’écrit entre guillemets)",
    ),
    (r"mapping keys are not allowed here", "une clé « ? » n’est pas permise ici"),
    (r"sequence entries are not allowed here", "un tiret de liste « - » n’est pas permis ici"),
    (r"found unexpected end of stream", "fin du fichier atteinte avant le guillemet fermant"),
    (r"found unexpected document separator", "séparateur de document (--- ou ...) inattendu"),
    (
        r"found unknown escape character (?P<x>.+)",
        "échappement inconnu : {x} après « \\ » (écrivez « \\\\ » pour une barre oblique inverse)",
    ),
    (
        r"expected escape sequence of (?P<n>\d+) hexadecimal numbers, but found (?P<x>.+)",
        "{n} chiffres hexadécimaux attendus après l’échappement, trouvé {x}",
    ),
    (
        r"expected alphabetic or numeric character, but found (?P<x>.+)",
        "lettre ou chiffre attendu, trouvé {x}",
    ),
    (
        r"expected chomping or indentation indicators, but found (?P<x>.+)",
        "« + », « - » ou un chiffre attendu, trouvé {x}",
    ),
    (
        r"expected indentation indicator in the range 1-9, but found 0",
        "indicateur d’indentation de 1 à 9 attendu, trouvé 0",
    ),
    (
        r"expected a comment or a line break, but found (?P<x>.+)",
        "commentaire ou fin de ligne attendu, trouvé {x}",
    ),
    (r"expected ' ', but found (?P<x>.+)", "espace attendue, trouvé {x}"),
    (r"expected '!', but found (?P<x>.+)", "« ! » attendu, trouvé {x}"),
    (r"expected '>', but found (?P<x>.+)", "« > » attendu, trouvé {x}"),
    (
        r"expected URI escape sequence of 2 hexadecimal numbers, but found (?P<x>.+)",
        "2 chiffres hexadécimaux attendus dans l’adresse, trouvé {x}",
    ),
    (r"expected URI, but found (?P<x>.+)", "adresse (URI) attendue, trouvé {x}"),
    (r"expected a digit(?: or '.'| or ' ')?, but found (?P<x>.+)", "chiffre attendu, trouvé {x}"),
    (r"found duplicate YAML directive", "directive %YAML en double"),
    (
        r"found incompatible YAML document \(version 1\.\* is required\)",
        "document YAML incompatible (version 1 attendue)",
    ),
    (r"found non-specific tag '!'", "étiquette « ! » non spécifique"),
    (r"found undefined tag handle (?P<x>.+)", "préfixe d’étiquette {x} non défini"),
    (r"but found another document", "un seul document est attendu : trouvé un second document"),
    (r"second occurrence", "ancre en double"),
)
_COMPILED = tuple((re.compile(pattern + r"\Z"), french) for pattern, french in _PROBLEMS)


def _shown(found: str) -> str:
    """A token or character as PyYAML reprs it (``'<scalar>'``, ``'\\t'``), in French."""
    text = found
    if len(found) >= 2 and found[0] == found[-1] and found[0] in "'\"":
        text = found[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")
    if text in _TOKENS:
        return _TOKENS[text]
    if text in _CHARACTERS:
        return _CHARACTERS[text]
    if len(text) == 1 and text.isprintable():
        return f"le caractère « {text} »"
    return f"le caractère U+{ord(text):04X}" if len(text) == 1 else f"« {text} »"


def problem(text: str) -> str:
    for pattern, french in _COMPILED:
        match = pattern.match(text)
        if match:
            for name, value in match.groupdict().items():
                french = french.replace(f"{{{name}}}", _shown(value) if name == "x" else value)
            return french
    return text


def context(text: str, line: int) -> str:
    """``while parsing a block mapping`` → ``dans l’ensemble de clés commencé ligne 3``."""
    thing = re.sub(r"^while (parsing|scanning|composing) ", "", text)
    if thing in _CONTEXTS:
        return f"dans {_CONTEXTS[thing]} ligne {line}"
    if thing == "for the next token":
        return ""
    return text


def message(exc: yaml.MarkedYAMLError) -> str:
    """The French text of a PyYAML error, without file and line (the caller adds them)."""
    what = problem(str(exc.problem)) if exc.problem else ""
    if exc.context == "expected a single document in the stream":
        return what
    mark = exc.problem_mark or exc.context_mark
    if exc.context:
        line = exc.context_mark.line + 1 if exc.context_mark else 0
        where = context(str(exc.context), line)
        if exc.context.startswith("found duplicate anchor"):
            where = f"première ligne {line}"
        if where and exc.context_mark is not None and exc.context_mark is not mark:
            what = f"{what} ({where})" if what else where
    if "'\\t'" in str(exc.problem):
        what += " : indentez avec des espaces, jamais des tabulations"
    return what
