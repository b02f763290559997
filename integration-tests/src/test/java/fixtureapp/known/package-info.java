/**
 * The known-answer corpus (issue 13): small programs, each with the answer the report must give
 * for it, checked live and offline by {@code KnownAnswersIT}. Each runs until the test stops it or
 * for the seconds it is given ({@link fixtureapp.known.Until}), then prints {@code done} and a
 * checksum.
 */
package fixtureapp.known;
