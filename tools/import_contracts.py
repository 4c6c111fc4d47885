"""An allow-list contract type for import-linter.

import-linter's `forbidden` contract lists what a package may not import, so anything
nobody thought of (scipy, OpenGL, requests) passes. This contract lists what a package
*may* import: the standard library, the named external packages and the named internal
modules. Everything else breaks it. Registered in pyproject.toml under `contract_types`.
"""

from __future__ import annotations

import sys

from grimp import ImportGraph
from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck


class AllowListContract(Contract):
    """Options:
    - source_modules: packages whose imports are checked (descendants included);
    - allowed_modules: what they may import: top-level external packages ("numpy") and
      internal packages ("kellan.core"), descendants included. The standard library is
      always allowed.
    """

    type_name = "allowlist"

    source_modules = fields.ListField(subfield=fields.ModuleField())
    allowed_modules = fields.ListField(subfield=fields.StringField())

    def _allowed(self, imported: str) -> bool:
        top = imported.split(".")[0]
        if top in sys.stdlib_module_names or top == "__future__":
            return True
        return any(
            imported == allowed or imported.startswith(allowed + ".")
            for allowed in self.allowed_modules  # type: ignore[attr-defined]
        )

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        broken: list[tuple[str, str, list[int]]] = []
        for source in self.source_modules:  # type: ignore[attr-defined]
            modules = {source.name} | graph.find_descendants(source.name)
            for importer in sorted(modules):
                for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                    if self._allowed(imported):
                        continue
                    details = graph.get_import_details(importer=importer, imported=imported)
                    broken.append((importer, imported, [d["line_number"] for d in details]))
        return ContractCheck(kept=not broken, metadata={"broken": broken})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for importer, imported, lines in check.metadata["broken"]:
            where = ", ".join(f"l.{n}" for n in lines)
            output.print_error(f"{importer} imports {imported} ({where}), which is not allowed")
            output.new_line()
