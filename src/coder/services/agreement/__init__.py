"""Team coding: several coders, agreement between them at meaningful units, and consensus.

`coders` names the raters (people, or the model's suggestions), `units` decides which units
each rater's codings count for, `statistics` turns that into percent agreement, Cohen's kappa,
Krippendorff's alpha and precision/recall/F1, and `disagreements` lists the units the coders
differ on and writes their resolution as codings of a consensus coder.
"""
