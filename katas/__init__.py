"""Your katas: one module per kata. Open one, read its docstring, make its checks pass."""
