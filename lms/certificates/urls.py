from django.urls import path

from . import views

urlpatterns = [
    path("certificates/", views.certificate_list, name="certificate_list"),
    path("certificates/<int:pk>/", views.certificate_detail, name="certificate_detail"),
    path("certificates/<int:pk>/certificate.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("certificates/<int:pk>/revoke/", views.certificate_revoke, name="certificate_revoke"),
    path("certificates/batches/<int:pk>/", views.batch_progress, name="certificate_batch"),
    path("certificates/records/<int:record_id>/issue/", views.issue_for_record, name="certificate_issue_record"),
    path("certificates/sessions/<int:session_id>/issue/", views.issue_for_session, name="certificate_issue_session"),
    path("certificates/history/<int:person_id>/", views.history_proof, name="certificate_history_proof"),
    path("certificates/experience/<int:person_id>/", views.experience_proof, name="certificate_experience_proof"),
    path("certificates/proofs/<slug:series>/<int:pk>/revoke/", views.proof_revoke, name="certificate_proof_revoke"),
    path("verify/", views.verifier, name="certificate_verifier"),
    path("verify/keys.json", views.verify_keys, name="certificate_keys"),
    path("verify/keys/<str:thumbprint>/", views.verify_key, name="certificate_key"),
    path("verify/issuer/", views.verify_issuer, name="certificate_issuer"),
    path("verify/status/<int:number>/", views.status_list, name="certificate_status_list"),
    path("verify/status/<slug:series>/<int:number>/", views.status_list, name="certificate_status_series"),
    path("verify/<str:code>/", views.verify, name="certificate_verify"),
]
