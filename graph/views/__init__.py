"""The network's pages: the network page and its downloads (``network``) and the JSON the
interactive view revalidates (``api``); URLs in ``graph.blueprint``."""
