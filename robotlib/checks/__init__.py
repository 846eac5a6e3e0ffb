"""The checks toolkit: the small, typed functions bots compose into a verification.

One module per check. A check takes what was read or typed (and, for a registry, the
``BotContext`` it asks through) and adds its reason codes to a ``BotOutcome``; it decides
nothing on its own (the policy does). A bot package imports checks from here, never from
another bot package.
"""
