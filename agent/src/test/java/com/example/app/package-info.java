/** Applications the agent's tests start in child JVMs; outside org.jcounters, as users' code is. */
package com.example.app;
