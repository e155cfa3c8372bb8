/** JSON helpers shared by the SDK and the platform, so both read and write JSON the same way. */
package dev.blacksmith.json;
