package dev.conclab.queue;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public method as a task, registered by {@link TaskQueue#registerAnnotated(Object)}. Its parameters
 * are the task's JSON arguments, converted by position to the parameter types; a first parameter of type
 * {@link TaskContext} receives the context instead.
 *
 * <pre>{@code
 * class Mail {
 *     @QueueTask("mail.send")
 *     public String send(String to, String subject) { ... }
 * }
 * queue.registerAnnotated(new Mail());
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface QueueTask {

    /** The task's name; the method's name when empty. */
    String value() default "";
}
