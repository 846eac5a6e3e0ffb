"""The Robot Framework keyword library, ``Library    robotlib.VeribotLibrary``: one component
(keyword module) per area on PythonLibCore's DynamicCore."""
