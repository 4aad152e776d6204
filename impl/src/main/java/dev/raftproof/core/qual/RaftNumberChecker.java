package dev.raftproof.core.qual;

import org.checkerframework.common.basetype.BaseTypeChecker;
import org.checkerframework.framework.qual.RelevantJavaTypes;

/**
 * Keeps Raft terms and log indexes apart at compile time ({@link Term}, {@link LogIndex}). Only {@code long} and
 * {@code Long} carry the qualifiers, so comparisons and string concatenations stay unqualified; library (JDK)
 * methods accept any qualifier. It runs on every compile of main code, beside the Nullness Checker.
 */
@RelevantJavaTypes({long.class, Long.class})
public final class RaftNumberChecker extends BaseTypeChecker {}
