"""The layout rules a newcomer relies on (README, "How the code is organised").

The layers between apps are checked by import-linter in ``.ci/run``; these two rules are
finer than an app: no two modules import each other, directly or round a circle, and no
module imports another module's private (``_x``) names.
"""

import ast
from pathlib import Path

import grimp

SRC = Path(__file__).resolve().parent.parent / "src" / "zicht"


def _import_cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected sets of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return cycles


def test_no_two_modules_import_each_other():
    graph = grimp.build_graph("zicht", exclude_type_checking_imports=True)
    assert _import_cycles(graph) == []


def test_no_module_imports_the_private_names_of_another():
    offences = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("zicht"):
                offences += [f"{path.relative_to(SRC)}: {node.module}.{alias.name}"
                             for alias in node.names
                             if alias.name.startswith("_") and not alias.name.startswith("__")]
    assert offences == []


def _binds_underscore(tree: ast.AST) -> list[int]:
    """Lines where ``_`` is assigned, looped over, bound by ``with``/``except`` or a
    comprehension: in a module that uses ``_`` for gettext the call then fails."""
    return [node.lineno for node in ast.walk(tree)
            if (isinstance(node, ast.Name) and node.id == "_"
                and isinstance(node.ctx, ast.Store))
            or (isinstance(node, ast.ExceptHandler) and node.name == "_")]


def test_no_module_that_translates_with_underscore_also_binds_it():
    """``_, created = get_or_create(...)`` made a later ``_("...")`` in the same function
    call the model instance (issue 18): a 500 where a message was meant."""
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        translates = any(isinstance(node, ast.ImportFrom) and any(
            alias.asname == "_" for alias in node.names) for node in ast.walk(tree))
        if translates:
            offenders += [f"{path.relative_to(SRC)}:{line}" for line in _binds_underscore(tree)]
    assert not offenders, f"'_' is gettext here and must not be rebound: {offenders}"


def test_every_one_line_template_comment_ends_on_its_line():
    """Django's ``{# … #}`` is one line only: a second line makes the page show the comment
    to the professional (the dashboard did). Longer ones use ``{% comment %}``."""
    unclosed = [f"{path.relative_to(SRC)}:{number}"
                for path in SRC.rglob("*.html")
                for number, line in enumerate(path.read_text().splitlines(), start=1)
                if "{#" in line and "#}" not in line.split("{#", 1)[1]]
    assert unclosed == []
