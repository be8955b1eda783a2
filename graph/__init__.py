"""The cooperation network: a networkx graph of partners and links; metrics; exports."""
