package dev.shoal.core.policy;

/**
 * What a tenant may do with one pragma.
 *
 * @param name       the pragma, lower case
 * @param read       {@code PRAGMA name} (no value) and the {@code pragma_name} table-valued function
 *                   may run
 * @param value      what {@code PRAGMA name = v} / {@code PRAGMA name(v)} means here
 * @param writesFile whether giving a value writes to the database file (needs the writer, refused
 *                   for read-only tokens)
 * @param why        for a refused form: why, said to the tenant
 */
record PragmaRule(String name, boolean read, ValueUse value, boolean writesFile, String why) {

    enum ValueUse {
        /** A value is refused. */
        REFUSED,
        /** The value is what the pragma looks at (a table, an index, a row limit): still a query. */
        ARGUMENT,
        /** The value changes a setting of this connection (the connection is not reused after). */
        SETTING,
        /** A setting whose value must be a whole number within the server's cap. */
        CAPPED_SETTING
    }
}
