"""Robot Framework integration: the keyword library (``Library    robotlib.VeribotLibrary``,
one component per area on PythonLibCore's DynamicCore) and the masking listener."""
