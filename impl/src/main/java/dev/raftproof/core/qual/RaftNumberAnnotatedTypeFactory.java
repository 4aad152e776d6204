package dev.raftproof.core.qual;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import com.sun.source.tree.Tree;
import org.checkerframework.common.basetype.BaseAnnotatedTypeFactory;
import org.checkerframework.common.basetype.BaseTypeChecker;
import org.checkerframework.framework.type.AnnotatedTypeMirror;
import org.checkerframework.framework.type.AnnotatedTypeMirror.AnnotatedExecutableType;
import org.checkerframework.framework.type.NoElementQualifierHierarchy;
import org.checkerframework.framework.type.QualifierHierarchy;
import org.checkerframework.javacutil.AnnotationBuilder;
import static org.checkerframework.javacutil.AnnotationUtils.areSameByClass;
import org.checkerframework.javacutil.ElementUtils;

/** The type factory of {@link RaftNumberChecker}: four qualifiers, and library parameters that accept any. */
public final class RaftNumberAnnotatedTypeFactory extends BaseAnnotatedTypeFactory {
  private final AnnotationMirror top;
  private final AnnotationMirror bottom;

  // postInit() in the constructor is the Checker Framework's prescribed idiom for type factories.
  @SuppressWarnings("method.invocation")
  public RaftNumberAnnotatedTypeFactory(BaseTypeChecker checker) {
    super(checker);
    top = AnnotationBuilder.fromClass(elements, UnknownRaftNumber.class);
    bottom = AnnotationBuilder.fromClass(elements, RaftNumberBottom.class);
    postInit();
  }

  @Override
  protected Set<Class<? extends Annotation>> createSupportedTypeQualifiers() {
    return Set.of(UnknownRaftNumber.class, Term.class, LogIndex.class, RaftNumberBottom.class);
  }

  /**
   * Gradual typing: a plain (unannotated) {@code long} is the dynamic type of this hierarchy. It fits where a
   * {@link Term} or a {@link LogIndex} is expected, and a term or an index fits where a plain {@code long} is expected,
   * so only code that declares what its numbers are is checked. What is rejected is the mix-up itself: a {@code @Term}
   * where a {@code @LogIndex} is declared, or back, or a sum of the two ({@link UnknownRaftNumber}) where either is.
   */
  @Override
  protected QualifierHierarchy createQualifierHierarchy() {
    return new NoElementQualifierHierarchy(getSupportedTypeQualifiers(), elements, this) {
      @Override
      public boolean isSubtypeQualifiers(AnnotationMirror subQualifier, AnnotationMirror superQualifier) {
        if (areSameByClass(subQualifier, RaftNumberBottom.class)
            || areSameByClass(superQualifier, RaftNumberBottom.class)) {
          return true;
        }
        return super.isSubtypeQualifiers(subQualifier, superQualifier);
      }
    };
  }

  /**
   * A method compiled elsewhere (the JDK, Jackson) knows nothing of terms and indexes: its {@code long} parameters
   * take any qualifier, so {@code Math.max(term, other)} needs no cast. Our own methods keep their declared (or
   * default, bottom) qualifiers.
   */
  @Override
  public void addComputedTypeAnnotations(Element elt, AnnotatedTypeMirror type) {
    super.addComputedTypeAnnotations(elt, type);
    plainIfIrrelevant(type);
    if ((elt.getKind() == ElementKind.METHOD || elt.getKind() == ElementKind.CONSTRUCTOR)
        && !ElementUtils.isElementFromSourceCode(elt)
        && type instanceof AnnotatedExecutableType) {
      List<AnnotatedTypeMirror> params = ((AnnotatedExecutableType) type).getParameterTypes();
      for (AnnotatedTypeMirror p : params) {
        if (p.hasAnnotationInHierarchy(top)) {
          p.replaceAnnotation(top);
        }
      }
    }
  }

  /**
   * An {@code int}, a {@code double} or any other non-{@code long} value is neither a term nor an index: when it is
   * widened or cast to {@code long} it becomes a plain (bottom) {@code long}, which fits anywhere.
   */
  @Override
  protected void addComputedTypeAnnotations(Tree tree, AnnotatedTypeMirror type, boolean iUseFlow) {
    super.addComputedTypeAnnotations(tree, type, iUseFlow);
    plainIfIrrelevant(type);
  }

  private void plainIfIrrelevant(AnnotatedTypeMirror type) {
    if (!isRelevant(type.getUnderlyingType())) {
      type.replaceAnnotation(bottom);
    }
  }
}
