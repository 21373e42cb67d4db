# Turns the frozen migrations (DIR/NNN-what.sql, numbered 001, 002, … without a gap) into a C
# source defining `const char *const oph_migrations[]` (migration N takes a database from
# schema N to N + 1), their file names in `oph_migration_names[]` and `oph_migration_count`.
file(GLOB files RELATIVE ${DIR} ${DIR}/*.sql)
list(SORT files)
set(out "/* Generated from the migrations at build time. */\n")
set(table "")
set(names "")
set(n 0)
foreach(f ${files})
    math(EXPR n "${n} + 1")
    string(LENGTH "00${n}" len)
    math(EXPR start "${len} - 3")
    string(SUBSTRING "00${n}" ${start} 3 number)
    if(NOT f MATCHES "^${number}-[a-z0-9-]+\\.sql$")
        message(FATAL_ERROR "migration ${f}: expected ${number}-what.sql (numbered without gaps)")
    endif()
    file(READ ${DIR}/${f} content HEX)
    string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," content "${content}")
    string(APPEND out "static const char migration_${number}[] = {${content} 0x00};\n")
    string(APPEND table "migration_${number}, ")
    string(APPEND names "\"${f}\", ")
endforeach()
string(APPEND out "const char *const oph_migrations[] = {${table}0};\n"
       "const char *const oph_migration_names[] = {${names}0};\n"
       "const int oph_migration_count = ${n};\n")
file(WRITE ${OUT} "${out}")
