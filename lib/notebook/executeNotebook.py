"""Executes one notebook with nbclient on the tslab kernel, cell by cell.

Called by lib/notebook/execute.ts with the venv's python:
    python executeNotebook.py SOURCE TARGET WORKDIR TIMEOUT_SECONDS
The executed notebook (also a partly executed one) is written to TARGET. On a
cell error the last stdout line is a JSON object naming the cell, and the exit
code is 3, so the caller can say which notebook and cell failed.
"""
import json
import re
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError


def failure(index, cell, name, value):
    lines = [line for line in cell.source.splitlines() if line.strip()]
    return {"cell": index + 1, "firstLine": lines[0] if lines else "", "error": error_text(cell, name, value)}


def error_text(cell, name, value):
    """tslab raises "<Error>" without a message and prints the real one on stderr:
    a compile error ("3:11 - Property ..."), or a stack whose "XxxError: ..." line matters."""
    if value:
        return "{}: {}".format(name, value)
    stderr = "".join(output.get("text", "") for output in cell.get("outputs", [])
                     if output.get("output_type") == "stream" and output.get("name") == "stderr")
    lines = [line for line in stderr.splitlines() if line.strip() and not line.startswith("    at ")]
    wanted = [line for line in lines if re.match(r"^(\w*Error\b|\d+:\d+ - )", line)]
    return "\n".join(wanted or lines)[-800:] or name


def execute(source, target, workdir, timeout):
    notebook = nbformat.read(source, as_version=4)
    # A loaded machine (a shared CI box, `make notebooks` beside a test run) can take minutes to start a kernel:
    # nbclient's default of 60 s failed a notebook that had nothing wrong with it.
    client = NotebookClient(notebook, kernel_name="tslab", timeout=timeout, startup_timeout=300, record_timing=False,
                            resources={"metadata": {"path": workdir}})
    error = None
    count = 1
    with client.setup_kernel():
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type != "code":
                continue
            try:
                client.execute_cell(cell, index)
                # tslab leaves execution_count empty; number cells as a top-to-bottom run would
                if cell.get("execution_count") is None:
                    cell["execution_count"] = count
                count += 1
            except CellExecutionError as caught:
                error = failure(index, cell, caught.ename, caught.evalue)
            except (CellTimeoutError, DeadKernelError) as caught:
                error = failure(index, cell, type(caught).__name__, str(caught))
            if error:
                break
    nbformat.write(notebook, target)
    return error


if __name__ == "__main__":
    source_path, target_path, work_dir, seconds = sys.argv[1:5]
    result = execute(source_path, target_path, work_dir, int(seconds))
    if result:
        print(json.dumps(result))
        sys.exit(3)
