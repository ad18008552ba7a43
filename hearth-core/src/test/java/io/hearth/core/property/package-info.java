/**
 * Support for hearth-core's property tests: {@link io.hearth.core.property.PropertyRun} runs a
 * QuickTheories property (plain JUnit 5, shrinking included) on a seed a person can replay and
 * counts the cases a test's random scenarios reached.
 */
package io.hearth.core.property;
