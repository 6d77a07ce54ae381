from cqpsite.hook import *  # noqa: F403  (the engine's MkDocs glue lives in the package)
