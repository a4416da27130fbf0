"""Small loans and financial literacy: the loan book on a double-entry ledger."""
