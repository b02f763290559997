/**
 * Files the agent writes or trusts on a shared machine: checks that a directory is private to
 * this process's user before anything is written into it or read from it.
 */
package dev.overclock.files;
