/**
 * The built-in {@code segment} source: an HTTP source compatible with the Segment tracking API
 * ({@code /v1/track}, {@code identify}, {@code page}, {@code screen}, {@code group}, {@code alias},
 * {@code batch} and {@code import}), so that Segment's client libraries send to Blacksmith
 * unchanged. {@link dev.blacksmith.modules.segment.SegmentSource} receives and validates calls;
 * {@link dev.blacksmith.modules.segment.SegmentFlows} maps them to destination actions.
 */
@NullMarked
package dev.blacksmith.modules.segment;

import org.jspecify.annotations.NullMarked;
