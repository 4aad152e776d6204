package dev.raftproof.core.qual;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.checkerframework.framework.qual.SubtypeOf;

/**
 * Top of the Raft-number hierarchy: a {@code long} that may be a term or a log index. A value produced by mixing a
 * {@link Term} and a {@link LogIndex} (e.g. {@code term + index}) has this type and fits neither.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE_USE, ElementType.TYPE_PARAMETER})
@SubtypeOf({})
public @interface UnknownRaftNumber {}
