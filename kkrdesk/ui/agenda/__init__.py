"""The agenda editor: the item model, the undo commands, the forms and the open meeting."""
