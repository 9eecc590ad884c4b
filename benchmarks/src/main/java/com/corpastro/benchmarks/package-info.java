/**
 * JMH benchmarks of the performance system. Each benchmark class measures one feature next to
 * the raw library call it builds on, in the same run, so the figures can be compared as ratios.
 */
package com.corpastro.benchmarks;
