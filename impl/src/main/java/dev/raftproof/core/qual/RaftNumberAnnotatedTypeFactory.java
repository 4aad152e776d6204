package dev.raftproof.core.qual;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import org.checkerframework.common.basetype.BaseAnnotatedTypeFactory;
import org.checkerframework.common.basetype.BaseTypeChecker;
import org.checkerframework.framework.type.AnnotatedTypeMirror;
import org.checkerframework.framework.type.AnnotatedTypeMirror.AnnotatedExecutableType;
import org.checkerframework.javacutil.AnnotationBuilder;
import org.checkerframework.javacutil.ElementUtils;

/** The type factory of {@link RaftNumberChecker}: four qualifiers, and library parameters that accept any. */
public final class RaftNumberAnnotatedTypeFactory extends BaseAnnotatedTypeFactory {
  private final AnnotationMirror top;

  // postInit() in the constructor is the Checker Framework's prescribed idiom for type factories.
  @SuppressWarnings("method.invocation")
  public RaftNumberAnnotatedTypeFactory(BaseTypeChecker checker) {
    super(checker);
    top = AnnotationBuilder.fromClass(elements, UnknownRaftNumber.class);
    postInit();
  }

  @Override
  protected Set<Class<? extends Annotation>> createSupportedTypeQualifiers() {
    return Set.of(UnknownRaftNumber.class, Term.class, LogIndex.class, RaftNumberBottom.class);
  }

  /**
   * A method compiled elsewhere (the JDK, Jackson) knows nothing of terms and indexes: its {@code long} parameters
   * take any qualifier, so {@code Math.max(term, other)} needs no cast. Our own methods keep their declared (or
   * default, bottom) qualifiers.
   */
  @Override
  public void addComputedTypeAnnotations(Element elt, AnnotatedTypeMirror type) {
    super.addComputedTypeAnnotations(elt, type);
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
}
