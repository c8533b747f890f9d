package org.jcounters.agent;

import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isExtensionClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;
import org.jcounters.Events;

/**
 * Installs the rows' patches with Byte Buddy: for each row, {@link TimedAdvice} (or
 * {@link ConstructorAdvice}) inlined into the matching methods with the row's event id bound as a
 * constant. Classes already loaded are retransformed without changing their shape
 * ({@code disableClassFormatChanges()}: no field or method added), the others are patched as they
 * load.
 *
 * <p>Matching: a row naming a class matches that class in every class loader, JDK classes included;
 * a package prefix matches only classes outside the JDK (neither the bootstrap nor the platform
 * loader). Only methods the class declares are patched, never bridge methods (a generic override's
 * bridge calls the real method, which would count each call twice), abstract or native methods.
 * JCounters' own classes ({@link LibraryPackages}) and Byte Buddy's are never patched. Each patched class's module is made to
 * read the engine's, so named modules (the JDK's too) can call it.
 */
final class Patches {
  private Patches() {}

  static void install(Instrumentation instrumentation, List<PatchRow> rows, Map<String, Integer> ids, PatchProgress progress) {
    AgentBuilder builder = new AgentBuilder.Default()
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        .with(new FailureLog())
        .ignore(new ElementMatcher.Junction.AbstractBase<TypeDescription>() {
              @Override
              public boolean matches(TypeDescription type) {
                return LibraryPackages.contains(type.getName());
              }
            }
            .or(nameStartsWith("net.bytebuddy."))
            .or(isSynthetic()))
        .assureReadEdgeTo(instrumentation, Events.class);
    for (int i = 0; i < rows.size(); i++) {
      PatchRow row = rows.get(i);
      int position = i;
      ElementMatcher<? super MethodDescription> methods = methods(row);
      AsmVisitorWrapper advice = Advice.withCustomMapping()
          .bind(EventId.class, ids.get(row.event()))
          .to(row.isConstructor() ? ConstructorAdvice.class : TimedAdvice.class)
          .on(methods);
      builder = builder.type(types(row), loaders(row))
          .transform((typeBuilder, type, loader, module, domain) -> {
            MethodList<MethodDescription.InDefinedShape> matched = type.getDeclaredMethods().filter(methods);
            progress.matched(position, type.getName(), matched.size());
            if (matched.isEmpty()) {
              if (!row.isPrefix()) {
                progress.warnOnce(position, whyNoMethod(row, type));
              }
              return typeBuilder;
            }
            return typeBuilder.visit(advice);
          });
    }
    builder.installOn(instrumentation);
  }

  private static ElementMatcher<? super TypeDescription> types(PatchRow row) {
    return row.isPrefix() ? nameStartsWith(row.prefix()) : named(row.className());
  }

  /** JDK classes only when named one by one. */
  private static ElementMatcher<? super ClassLoader> loaders(PatchRow row) {
    return row.isPrefix() ? not(isBootstrapClassLoader().or(isExtensionClassLoader())) : ElementMatchers.any();
  }

  private static ElementMatcher<? super MethodDescription> methods(PatchRow row) {
    ElementMatcher.Junction<MethodDescription> base = row.isConstructor()
        ? isConstructor()
        : ElementMatchers.<MethodDescription>named(row.method()).and(isMethod()).and(not(isBridge()))
            .and(not(isAbstract())).and(not(isNative()));
    return row.parameterTypes() == null ? base : base.and(new ParameterTypes(row.parameterTypes()));
  }

  /** The message for a class that matched a row but declares no method the row can patch. */
  private static String whyNoMethod(PatchRow row, TypeDescription type) {
    MethodList<MethodDescription.InDefinedShape> declared = type.getDeclaredMethods();
    MethodList<MethodDescription.InDefinedShape> named = declared.filter(
        row.isConstructor() ? isConstructor() : ElementMatchers.<MethodDescription>named(row.method()).and(isMethod()).and(not(isBridge())));
    if (named.isEmpty()) {
      TreeSet<String> names = declared.filter(isMethod().and(not(isSynthetic()))).stream()
          .map(MethodDescription::getName).collect(Collectors.toCollection(TreeSet::new));
      return type.getName() + " declares no method '" + row.method() + "' (inherited methods are patched in the class that declares them)"
          + "; it declares: " + names + "; nothing patched for this row";
    }
    if (row.parameterTypes() != null && named.filter(new ParameterTypes(row.parameterTypes())).isEmpty()) {
      return "no overload of " + type.getName() + "." + row.method() + " takes (" + String.join(", ", row.parameterTypes())
          + "); its overloads: " + named.stream().map(Patches::signature).collect(Collectors.joining(", ")) + "; nothing patched for this row";
    }
    return type.getName() + "." + row.method() + " is abstract or native, it has no body to time: name a class that implements it";
  }

  private static String signature(MethodDescription method) {
    return method.getName() + "(" + method.getParameters().asTypeList().asErasures().stream()
        .map(TypeDescription::getActualName).collect(Collectors.joining(", ")) + ")";
  }

  /** Methods whose parameter types are exactly the given names (binary, canonical or simple names). */
  private static final class ParameterTypes extends ElementMatcher.Junction.AbstractBase<MethodDescription> {
    private final List<String> names;

    ParameterTypes(List<String> names) {
      this.names = names;
    }

    @Override
    public boolean matches(MethodDescription method) {
      List<TypeDescription> types = method.getParameters().asTypeList().asErasures();
      if (types.size() != names.size()) {
        return false;
      }
      for (int i = 0; i < types.size(); i++) {
        TypeDescription type = types.get(i);
        String name = names.get(i);
        if (!name.equals(type.getActualName()) && !name.equals(type.getName()) && !name.equals(type.getSimpleName())) {
          return false;
        }
      }
      return true;
    }
  }
}
