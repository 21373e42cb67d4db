# Turns a text file into a C source defining `const char oph_schema_sql[]`.
file(READ ${IN} content HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," content "${content}")
file(WRITE ${OUT} "/* Generated from schema.sql at build time. */\n"
     "const char oph_schema_sql[] = {${content} 0x00};\n")
