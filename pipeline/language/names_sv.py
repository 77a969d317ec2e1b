"""Given names for the PERSON rule: a given name followed by a capitalised surname.

A list rather than a capitalisation pattern, because Swedish prose is full of capitalised
pairs that are not people ("Galleri Lindberg", "Luleå Science Park", "Ny Formation").
Common Swedish given names plus frequent international ones seen in Swedish boards.
"""

from __future__ import annotations

FIRST_NAMES: frozenset[str] = frozenset("""
Adam Agneta Agnes Albin Alexander Alexandra Alice Alva Amanda Anders Andreas Angelica Anita Ann
Anna Anne Anneli Annika Anton Arne Arvid Axel Barbro Bengt Berit Bertil Birgitta Björn Bo Britt
Britta Camilla Carina Carl Caroline Cecilia Charlotte Christer Christina Claes Dan Daniel David
Ebba Elin Elisabeth Elsa Emil Emma Erik Erika Eva Fredrik Gabriel Gerd Gunilla Gunnar Gustav
Göran Hanna Hans Helen Helena Henrik Hugo Ida Ingrid Inger Isak Jakob Jan Jenny Jesper Joakim Johan
Johanna John Jonas Jonathan Josefin Jörgen Karin Karl Katarina Kerstin Kenneth Kent Kevin Kim
Kjell Kristina Lars Lena Lennart Leif Linda Linnea Lisa Louise Lucas Magnus Maria Marie Marianne
Martin Mats Mattias Max Mikael Moa Monica Nils Nina Olle Olof Oscar Ove Patrik Per Peter Petra
Pia Rasmus Rebecka Rick Robert Roger Sara Sebastian Simon Siv Sofia Sofie Stefan Sten Susanne
Sven Therese Thomas Tobias Tomas Torbjörn Ulf Ulla Ulrika Viktor Wilma Åsa Åke Örjan Östen
""".split())
