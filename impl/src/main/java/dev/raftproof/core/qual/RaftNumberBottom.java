package dev.raftproof.core.qual;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.checkerframework.framework.qual.DefaultFor;
import org.checkerframework.framework.qual.DefaultQualifierInHierarchy;
import org.checkerframework.framework.qual.QualifierForLiterals;
import org.checkerframework.framework.qual.SubtypeOf;
import org.checkerframework.framework.qual.TargetLocations;
import org.checkerframework.framework.qual.TypeUseLocation;

/**
 * Bottom of the Raft-number hierarchy and the default for unannotated code: a plain {@code long} (a literal, a
 * count, an unannotated field) fits where a {@link Term} or a {@link LogIndex} is expected. The checker is therefore
 * gradual: it rejects a value declared {@code @Term} flowing into a {@code @LogIndex} (and back), which is the mix-up
 * that matters, without forcing every {@code long} in the code base to be annotated.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE_USE, ElementType.TYPE_PARAMETER})
@SubtypeOf({Term.class, LogIndex.class})
@DefaultQualifierInHierarchy
@QualifierForLiterals
@DefaultFor({TypeUseLocation.LOWER_BOUND, TypeUseLocation.LOCAL_VARIABLE, TypeUseLocation.RESOURCE_VARIABLE,
    TypeUseLocation.EXCEPTION_PARAMETER, TypeUseLocation.IMPLICIT_UPPER_BOUND})
@TargetLocations({TypeUseLocation.EXPLICIT_LOWER_BOUND, TypeUseLocation.EXPLICIT_UPPER_BOUND,
    TypeUseLocation.ALL})
public @interface RaftNumberBottom {}
