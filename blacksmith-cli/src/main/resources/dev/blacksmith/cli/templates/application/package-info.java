/**
 * Application {@code {{name}}}: its sources, flows and destinations. Everything here is non-null
 * unless annotated {@code @Nullable}.
 */
@NullMarked
package {{package}};

import org.jspecify.annotations.NullMarked;
