"""The PDF workers load WeasyPrint through nextround.render.weasy, which skips the slow search for its
libraries; the libraries it ends up with must be exactly those WeasyPrint's own search finds."""

import subprocess
import sys

LIST_LIBRARIES = """
import sys
exec(sys.argv[1])
names = ("pango", "harfbuzz", "fontconfig", "gobject", "freetype")
found = {line.split()[-1] for line in open("/proc/self/maps") if ".so" in line and any(n in line for n in names)}
print("\\n".join(sorted(found)))
"""


def loaded_libraries(statement: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", LIST_LIBRARIES, statement], capture_output=True, text=True, check=True
    )
    return result.stdout.split()


def test_pdfengine_loads_the_same_libraries_as_weasyprint_itself():
    ours = loaded_libraries("import nextround.render.weasy")
    assert any("libpango-1.0" in path for path in ours) and any("libharfbuzz" in path for path in ours)
    assert ours == loaded_libraries("import weasyprint")
