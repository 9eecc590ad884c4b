package com.corpastro.performance.scaling;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import com.corpastro.performance.admin.AdminAccess;

import jakarta.servlet.http.HttpServletRequest;

/**
 * {@code GET /api/admin/scaling}: the {@link ScalingRecommendation}, for admins only (401
 * {@code unauthorized} without a bearer token, 403 {@code admin_required} with another one).
 */
@RestController
class ScalingController {

    private final ScalingAdvisor advisor;
    private final AdminAccess adminAccess;

    ScalingController(ScalingAdvisor advisor, AdminAccess adminAccess) {
        this.advisor = advisor;
        this.adminAccess = adminAccess;
    }

    @GetMapping("/api/admin/scaling")
    ScalingRecommendation scaling(HttpServletRequest request) {
        if (!adminAccess.isAdmin(request)) {
            throw AdminAccess.refusal(request);
        }
        return advisor.recommendation();
    }
}
