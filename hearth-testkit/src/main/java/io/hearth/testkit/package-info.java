/**
 * Test fixtures shared by every module's tests: hand-written fakes, not mocks (see STYLE.md 9).
 * Main code never depends on this module.
 */
package io.hearth.testkit;
