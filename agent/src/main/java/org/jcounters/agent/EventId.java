package org.jcounters.agent;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the advice parameter that Byte Buddy replaces by the row's event id, a constant in the
 * patched method's bytecode ({@code Advice.withCustomMapping().bind(EventId.class, id)}): no lookup
 * by name on a call.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
@interface EventId {}
