package dev.countersign.common;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Runs a {@link BackgroundJob} only while the {@link ShutdownGate} is open, outside its transaction
 * (so a job the gate turns away opens none).
 */
@BackgroundJob
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE)
public class BackgroundJobInterceptor {
    private final ShutdownGate gate;

    public BackgroundJobInterceptor(ShutdownGate gate) {
        this.gate = gate;
    }

    @AroundInvoke
    Object guard(InvocationContext invocation) throws Exception {
        if (!gate.enter()) {
            return null;
        }
        try {
            return invocation.proceed();
        } finally {
            gate.leave();
        }
    }
}
