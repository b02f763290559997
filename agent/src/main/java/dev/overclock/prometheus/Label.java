package dev.overclock.prometheus;

/**
 * One label of a sample: a fixed name and any value (class and method names can hold any
 * character the JVM allows, which the writers escape).
 */
record Label(String name, String value) {}
