"""The contract checker's window part: a panel showing a resultatkontrakt against its rammeaftale."""
