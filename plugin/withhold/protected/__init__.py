"""The protected list: records, written variants, the matcher, plaintext and sealed lists, keys, masks.

The only place where protected values are handled in clear; everything above sees record ids,
masks and keyed digests.
"""
